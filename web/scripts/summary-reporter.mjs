// A node:test reporter that adds one machine-readable line after the spec reporter's output:
//   web-e2e: N passed, M failed[, K skipped]
// Suites (describe) count only with a failure their tests do not account for (a failing before/after
// hook, or a describe body that threw); a test cancelled by a failed hook counts as failed.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') {
      if (event.type === 'test:fail' && event.data.details.error?.failureType !== 'subtestsFailed') failed += 1;
      continue;
    }
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) skipped += 1;
      else passed += 1;
    }
    if (event.type === 'test:fail') failed += 1;
  }
  if (passed + failed === 0) yield 'No test ran.\n';
  yield `web-e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;
}
