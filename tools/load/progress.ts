/**
 * The progress line of `deno task load` and `deno task bench` on stderr. On a terminal it
 * redraws itself in place; in a pipe or a file (CI logs) it writes plain lines, and at most one
 * every 2 s unless the phase (the first word) changes, so a log stays readable.
 *
 * @example
 * ```ts
 * const progress = progressWriter(() => "[load] ");
 * progress.update("seating 100/500");
 * progress.done();
 * ```
 */

const _PLAIN_EVERY_MS = 2_000;

/** What {@link progressWriter} returns. */
export interface ProgressWriter {
  update(line: string): void;
  /** Clears the redrawn line before the report is printed. */
  done(): void;
}

/** A writer whose lines start with `prefix()`. */
export function progressWriter(prefix: () => string): ProgressWriter {
  const tty = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let lastAt = -Infinity;
  let lastPhase = "";
  return {
    update(line) {
      if (tty) {
        Deno.stderr.writeSync(encoder.encode(`\r\x1b[K${prefix()}${line}`));
        return;
      }
      const phase = line.split(" ")[0] ?? "";
      const now = performance.now();
      if (phase === lastPhase && now - lastAt < _PLAIN_EVERY_MS) return;
      lastAt = now;
      lastPhase = phase;
      Deno.stderr.writeSync(encoder.encode(`${prefix()}${line}\n`));
    },
    done() {
      if (tty) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    },
  };
}
