/**
 * Runs `count` async tasks with at most `concurrency` in flight, in index order.
 *
 * @example
 * ```ts
 * await runPool(100, 8, async (i) => { await fetch(`${url}/item/${i}`).then((r) => r.body?.cancel()); });
 * ```
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
