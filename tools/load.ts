/**
 * `deno task load`: simulates players through the real flow against a running server
 * (`--url`) or against a server it starts as a subprocess with limits suited to the test, then
 * prints the report (text, or JSON with `--json`). See `tools/load/args.ts` for the flags and
 * `docs/benchmarks.md` for what the figures mean.
 */
import { LOAD_USAGE, type LoadOptions, parseLoadArgs } from "./load/args.ts";
import { progressWriter } from "./load/progress.ts";
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

const writer = options.quiet ? null : progressWriter(() => "[load] ");
const progress = writer ? (line: string) => writer.update(line) : undefined;

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
  writer?.done();
  console.log(options.json ? formatJson(result) : formatReport(result));
  // A script or CI job running the load test can tell a failed or meaningless run.
  if (result.verdict !== "PASS") Deno.exitCode = 1;
} finally {
  await server?.stop();
}
