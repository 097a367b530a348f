/**
 * Connection limits over real sockets: 4003 `server_full` and `lobby_full` with the in-band
 * error first, exact admission under a burst, and counts that return to zero however a socket
 * ends.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./_server.ts";
import {
  api,
  createLobby,
  eventually,
  gameSocket,
  joinLobby,
  stubbornClient,
  type TestSocket,
} from "./_client.ts";

/** Opens a WebSocket by hand over TCP, so a test can drop it abruptly or never answer pings. */
async function rawSocket(server: TestServer, code: string, token: string): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const request = `GET /ws/${code}?token=${encodeURIComponent(token)} HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  await conn.write(new TextEncoder().encode(request));
  const buffer = new Uint8Array(4096);
  const read = await conn.read(buffer);
  const head = new TextDecoder().decode(buffer.subarray(0, read ?? 0));
  assert.match(head, /^HTTP\/1\.1 101/);
  return conn;
}

async function seats(server: TestServer, count: number) {
  const host = await createLobby(server.url, "Host");
  const players = [host];
  for (let i = 1; i < count; i++) {
    players.push({ ...(await joinLobby(server.url, host.code, `P${i}`)), code: host.code });
  }
  return { code: host.code, players };
}

Deno.test("connection max+1 is told server_full in-band and closed with 4003 server_full", async () => {
  const server = await startTestServer({ MAX_WEBSOCKET_CONNECTIONS: "2" });
  try {
    const { code, players } = await seats(server, 3);
    const open: TestSocket[] = [];
    for (const p of players.slice(0, 2)) {
      const s = gameSocket(server.wsUrl, code, p.token);
      await s.next("welcome");
      open.push(s);
    }
    const third = gameSocket(server.wsUrl, code, players[2]!.token);
    const error = await third.next("error");
    assert.equal(error.code, "server_full");
    assert.ok((error.retryAfterMs ?? 0) > 0);
    assert.deepEqual(await third.closed, { code: 4003, reason: "server_full" });
    assert.equal(server.registry.total, 2);
    await Promise.all(open.map((s) => s.close()));
    await eventually(() => server.registry.total === 0, 2000, "count back to zero");
  } finally {
    await server.close();
  }
});

Deno.test("the 11th connection in a lobby gets 4003 lobby_full", async () => {
  const server = await startTestServer({
    MAX_PLAYERS_PER_LOBBY: "12",
    RATE_LIMIT_LOBBY_JOIN: "100",
  });
  try {
    const { code, players } = await seats(server, 11);
    const open: TestSocket[] = [];
    for (const p of players.slice(0, 10)) {
      const s = gameSocket(server.wsUrl, code, p.token);
      await s.next("welcome");
      open.push(s);
    }
    const eleventh = gameSocket(server.wsUrl, code, players[10]!.token);
    assert.equal((await eleventh.next("error")).code, "lobby_full");
    assert.deepEqual(await eleventh.closed, { code: 4003, reason: "lobby_full" });
    await Promise.all(open.map((s) => s.close()));
    await eventually(() => server.registry.total === 0, 2000, "count back to zero");
  } finally {
    await server.close();
  }
});

Deno.test("20 simultaneous connects to a lobby with 9 connected admit exactly one", async () => {
  const server = await startTestServer({
    MAX_PLAYERS_PER_LOBBY: "30",
    RATE_LIMIT_LOBBY_JOIN: "100",
  });
  try {
    const { code, players } = await seats(server, 29);
    const open: TestSocket[] = [];
    for (const p of players.slice(0, 9)) {
      const s = gameSocket(server.wsUrl, code, p.token);
      await s.next("welcome");
      open.push(s);
    }
    const burst = players.slice(9).map((p) => gameSocket(server.wsUrl, code, p.token));
    const outcomes = await Promise.all(burst.map(async (s) => {
      await eventually(() => s.messages.length > 0, 5000, "a first message");
      const first = s.messages[0]!;
      return first.type === "error" ? first.code : first.type;
    }));
    assert.equal(outcomes.filter((o) => o === "welcome").length, 1);
    assert.equal(outcomes.filter((o) => o === "lobby_full").length, 19);
    assert.equal(server.registry.countIn(code), 10);
    await Promise.all([...open, ...burst].map((s) => s.close()));
    await eventually(() => server.registry.total === 0, 2000, "count back to zero");
  } finally {
    await server.close();
  }
});

Deno.test("connection counts return to zero after each way a socket can end", async (t) => {
  const server = await startTestServer({
    WS_IDLE_TIMEOUT_SECONDS: "1",
    MAX_WEBSOCKET_CONNECTIONS: "3",
  });
  try {
    const zero = (what: string) => eventually(() => server.registry.total === 0, 5000, what);
    const { code, players } = await seats(server, 4);

    await t.step("clean close by the client", async () => {
      const s = gameSocket(server.wsUrl, code, players[0]!.token);
      await s.next("welcome");
      assert.equal(server.registry.total, 1);
      await s.close();
      await zero("after a clean close");
    });
    await t.step("abrupt drop of the TCP connection", async () => {
      const conn = await rawSocket(server, code, players[1]!.token);
      await eventually(() => server.registry.total === 1, 2000, "accepted");
      conn.close();
      await zero("after an abrupt drop");
    });
    await t.step("idle timeout when the peer never answers pings", async () => {
      const conn = await rawSocket(server, code, players[2]!.token);
      await eventually(() => server.registry.total === 1, 2000, "accepted");
      await zero("after the idle timeout");
      conn.close();
    });
    await t.step("server kick when the player leaves over HTTP", async () => {
      const s = gameSocket(server.wsUrl, code, players[3]!.token);
      await s.next("welcome");
      await api(server.url, "POST", `/api/lobbies/${code}/leave`, { token: players[3]!.token });
      assert.deepEqual(await s.closed, { code: 1000, reason: "left" });
      await zero("after a kick");
    });
    await t.step("rejection", async () => {
      const s = gameSocket(server.wsUrl, code, "not-a-token");
      assert.equal((await s.closed).code, 4001);
      await zero("after a rejection");
    });
  } finally {
    await server.close();
  }
});

Deno.test("shutdown: /health answers 503, new sockets get 1001, open ones 1001 server_shutdown", async () => {
  const server = await startTestServer();
  let closed = false;
  try {
    const host = await createLobby(server.url);
    const guest = await joinLobby(server.url, host.code);
    const s = gameSocket(server.wsUrl, host.code, host.token);
    await s.next("welcome");
    // A peer that never answers the close frame keeps the drain open for its full grace, so
    // what the server says while draining can be asked without a race.
    const stubborn = await stubbornClient(server.port, `/ws/${host.code}?token=${guest.token}`);
    await eventually(() => server.registry.total === 2, 2000, "both sockets admitted");
    const shutdown = server.shutdown();
    assert.deepEqual(await s.closed, { code: 1001, reason: "server_shutdown" });

    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 503);
    assert.deepEqual(await health.json(), { status: "shutting_down" });
    const late = gameSocket(server.wsUrl, host.code, host.token);
    assert.deepEqual(await late.closed, { code: 1001, reason: "server_shutdown" });
    assert.equal((await late.next("error")).code, "server_shutdown");

    stubborn.tcp.close();
    await shutdown;
    closed = true;
    assert.equal(server.registry.total, 0);
  } finally {
    if (!closed) await server.close();
  }
});
