/**
 * Wraps an async task so that calls made while it runs collapse into one more run after it,
 * at least `minGapMs` after the previous start. A burst of 500 settled orders thus costs a
 * handful of balance reads, not 500.
 */
export function coalesce(task: () => Promise<void>, minGapMs = 0): () => void {
  let running = false;
  let again = false;
  let lastStart = -Infinity;

  const run = async () => {
    running = true;
    do {
      again = false;
      const wait = lastStart + minGapMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastStart = Date.now();
      try {
        await task();
      } catch {
        // The task reports its own errors; a failure must not stop later runs.
      }
    } while (again);
    running = false;
  };

  return () => {
    if (running) again = true;
    else void run();
  };
}
