/**
 * Test helper: a real server on port 0 with Deno KV in memory, configured like production
 * except for what a test overrides through `env`.
 */
import { loadConfig } from "../lib/config.ts";
import { type RunningServer, type ServerOptions, startServer } from "../lib/server.ts";

/** A running test server; `close()` shuts it down. */
export interface TestServer extends RunningServer {
  close(): Promise<void>;
  /** `ws://host:port` */
  wsUrl: string;
}

/** Starts a server on 127.0.0.1 and a free port. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", KV_PATH: ":memory:", ...env });
  const server = await startServer(config, options);
  return {
    ...server,
    wsUrl: server.url.replace(/^http/, "ws"),
    close: () => server.shutdown(),
  };
}
