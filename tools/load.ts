/**
 * `deno task load`: simulates players through the real flow against a running server
 * (`--url`) or against a server it starts as a subprocess with limits suited to the test, then
 * prints the report (text, or JSON with `--json`). See `tools/load/args.ts` for the flags and
 * `docs/benchmarks.md` for what the figures mean.
 */
import { LOAD_USAGE, type LoadOptions, parseLoadArgs } from "./load/args.ts";
import { formatJson, formatReport } from "./load/report.ts";
import { runLoad } from "./load/run.ts";
import { loadTestEnv, type ServerProcess, spawnServer } from "./load/server_process.ts";

let options: LoadOptions;
try {
  options = parseLoadArgs(Deno.args);
} catch (error) {
  console.error((error as Error).message);
  console.error(`\n${LOAD_USAGE}`);
  Deno.exit(2);
}
if (options.help) {
  console.log(LOAD_USAGE);
  Deno.exit(0);
}

// On a terminal the progress line redraws itself; in a pipe or a file, one line each.
const tty = Deno.stderr.isTerminal();
const progress = options.quiet ? undefined : (line: string) => {
  const text = tty ? `\r\x1b[K[load] ${line}` : `[load] ${line}\n`;
  Deno.stderr.writeSync(new TextEncoder().encode(text));
};

let server: ServerProcess | null = null;
if (options.url === null) {
  progress?.("starting the server");
  const script = options.bare ? "tools/bare_relay.ts" : "main.ts";
  server = await spawnServer({ script, env: loadTestEnv(options) });
}
try {
  const result = await runLoad(options, {
    url: server?.url ?? options.url!,
    probe: server ?? undefined,
  }, progress);
  if (progress && tty) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
  console.log(options.json ? formatJson(result) : formatReport(result));
  // A script running the load test can tell a run that measured nothing useful.
  if (result.problems.length > 0) Deno.exitCode = 1;
} finally {
  await server?.stop();
}
