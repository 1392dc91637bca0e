// A node:test reporter that adds one machine-readable line after the spec reporter's output:
//   web-e2e: N passed, M failed
// Suites (describe) are not counted; a test cancelled by a failed hook counts as failed.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass' && !event.data.skip && !event.data.todo) passed += 1;
    if (event.type === 'test:fail') failed += 1;
  }
  yield `web-e2e: ${passed} passed, ${failed} failed\n`;
}
