/**
 * The composition root as an operator meets it: `main.ts` run as a real process, refusing bad
 * configuration with one message, and shutting down on SIGTERM within Deno Deploy's 5 seconds.
 */
import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function spawnMain(env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      MAIN,
    ],
    env: { HOST: "127.0.0.1", PORT: "0", KV_PATH: ":memory:", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function readUntil(stream: ReadableStream<Uint8Array>, pattern: RegExp): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (!pattern.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text;
}

Deno.test("main.ts refuses bad configuration with one message naming every bad variable", async () => {
  const child = spawnMain({ PORT: "eighty", MAX_WEBSOCKET_CONNECTIONS: "-3", BROADCAST_HZ: "0" });
  const { code, stderr, stdout } = await child.output();
  const message = new TextDecoder().decode(stderr);
  assert.equal(code, 1);
  assert.equal(new TextDecoder().decode(stdout), "");
  for (const name of ["PORT", "MAX_WEBSOCKET_CONNECTIONS", "BROADCAST_HZ"]) {
    assert.match(message, new RegExp(`${name}:`));
  }
});

Deno.test("main.ts says in one line why it cannot listen, without a stack trace", async (t) => {
  const run = async (env: Record<string, string>) => {
    const { code, stderr } = await spawnMain(env).output();
    return { code, message: new TextDecoder().decode(stderr).trim() };
  };
  await t.step("a port in use", async () => {
    using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { code, message } = await run({ PORT: String(taken.addr.port) });
    assert.equal(code, 1);
    assert.match(message, /^Cannot listen on 127\.0\.0\.1:\d+: the port is in use\./);
    assert.doesNotMatch(message, /Uncaught|\n\s+at /);
  });
  await t.step("a HOST that is no address of this machine", async () => {
    const { code, message } = await run({ HOST: "999.1.1.1" });
    assert.equal(code, 1);
    assert.match(message, /^Cannot listen on 999\.1\.1\.1:0: .*HOST must be/);
    assert.doesNotMatch(message, /Uncaught|\n\s+at /);
  });
});

Deno.test("main.ts shuts down on SIGINT and SIGTERM: sockets get 1001, exit 0 within 5 s", async (t) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    await t.step(signal, async () => {
      const child = spawnMain({});
      const banner = await readUntil(child.stdout, /listening on (http:\/\/\S+)/);
      const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
      const created = await (await fetch(`${url}/api/lobbies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Ada" }),
      })).json();
      const socket = new WebSocket(
        `${url.replace("http", "ws")}/ws/${created.code}?token=${created.token}`,
      );
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        socket.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason }))
      );
      await new Promise((resolve) => socket.addEventListener("message", resolve, { once: true }));
      const started = performance.now();
      child.kill(signal);
      assert.deepEqual(await closed, { code: 1001, reason: "server_shutdown" });
      const status = await child.status;
      assert.equal(status.code, 0);
      assert.ok(performance.now() - started < 5_000, "exits within Deno Deploy's 5 s");
      await child.stdout.cancel();
      await child.stderr.cancel();
    });
  }
});

Deno.test("main.ts exits cleanly on SIGTERM even while a client stalls a request body", async () => {
  const child = spawnMain({});
  const banner = await readUntil(child.stdout, /listening on (http:\/\/\S+)/);
  const url = new URL(/listening on (http:\/\/\S+)/.exec(banner)![1]!);
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port: Number(url.port) });
  try {
    await tcp.write(new TextEncoder().encode(
      "POST /api/lobbies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        'Content-Length: 100\r\n\r\n{"name":',
    ));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the request is in the app now
    const started = performance.now();
    child.kill("SIGTERM");
    const status = await child.status;
    assert.equal(status.code, 0, "a clean exit, not the hard deadline's exit 1");
    assert.ok(performance.now() - started < 5_000);
  } finally {
    tcp.close();
    await child.stdout.cancel();
    await child.stderr.cancel();
  }
});
