/**
 * The composition root: read the configuration once, start the server, shut down gracefully
 * on SIGINT or SIGTERM (Deno Deploy sends SIGINT, then SIGKILL 5 s later).
 */
import { ConfigError, loadConfig } from "./lib/config.ts";
import { ListenError, startServer } from "./lib/server.ts";

const _EXIT_DEADLINE_MS = 4_500;

let config;
try {
  config = loadConfig(Deno.env.toObject());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

let server;
try {
  server = await startServer(config, {
    onListen: (url) => {
      // On 0.0.0.0 the link says localhost, but other machines can connect too: say so.
      const everywhere = config.HOST === "0.0.0.0" ? " (every interface, HOST=0.0.0.0)" : "";
      console.log(`Lobby server listening on ${url}${everywhere}`);
    },
  });
} catch (error) {
  if (!(error instanceof ListenError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

let stopping = false;
const stop = async (signal: string) => {
  // `deno task` passes Ctrl-C on as SIGINT and then SIGTERM; one shutdown is enough.
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  setTimeout(() => Deno.exit(1), _EXIT_DEADLINE_MS);
  await server.shutdown();
  Deno.exit(0);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  try {
    Deno.addSignalListener(signal, () => void stop(signal));
  } catch {
    // SIGTERM cannot be listened for on Windows; Ctrl-C still works.
  }
}
