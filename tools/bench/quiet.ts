/**
 * Benchmarks on a shared machine: before each run, wait (bounded) until other processes leave
 * the CPU mostly idle, so a run measures the server rather than someone else's test suite.
 * Each run still reports how busy the others were (`machine.othersPercent`).
 *
 * @example
 * ```ts
 * const busy = await waitForQuiet({ maxWaitMs: 30_000 }); // percent of one core used by others
 * ```
 */
import { readMachineCpu } from "../load/probes.ts";

/** Waits until the machine's busy CPU over `sampleMs` is under `thresholdPercent` of one core. */
export async function waitForQuiet(
  options: { thresholdPercent?: number; sampleMs?: number; maxWaitMs?: number } = {},
): Promise<number> {
  const threshold = options.thresholdPercent ?? 25;
  const sampleMs = options.sampleMs ?? 1_000;
  const deadline = performance.now() + (options.maxWaitMs ?? 30_000);
  while (true) {
    const before = readMachineCpu();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const after = readMachineCpu();
    if (!before || !after) return 0;
    const percent = (100 * (after.busySeconds - before.busySeconds)) / (sampleMs / 1000);
    if (percent < threshold || performance.now() >= deadline) return Math.round(percent);
  }
}
