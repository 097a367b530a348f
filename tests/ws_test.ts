/**
 * The game socket over real WebSockets against a real server: welcome, relay, lobby events,
 * and every bad input's answer (a close code, or a harmless drop).
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./_server.ts";
import { encodeTextFrame, handshakeKey } from "../tools/load/ws_frames.ts";
import {
  api,
  createLobby,
  eventually,
  gameSocket,
  joinLobby,
  stubbornClient,
  type TestSocket,
} from "./_client.ts";

/** A started game with two connected players. */
async function startedGame(server: TestServer) {
  const host = await createLobby(server.url, "Host");
  const guest = await joinLobby(server.url, host.code, "Guest");
  const a = gameSocket(server.wsUrl, host.code, host.token);
  const b = gameSocket(server.wsUrl, host.code, guest.token);
  await a.next("welcome");
  await b.next("welcome");
  await api(server.url, "POST", `/api/lobbies/${host.code}/start`, { token: host.token });
  await a.next("game_started");
  await b.next("game_started");
  return { host, guest, a, b };
}

async function closeAll(...sockets: TestSocket[]) {
  await Promise.all(sockets.map((s) => s.close()));
}

Deno.test("a position sent by one player reaches the other within a few ticks", async () => {
  const server = await startTestServer();
  try {
    const { host, guest, a, b } = await startedGame(server);
    a.send({ type: "position", x: 123.5, y: 456 });
    const frame = await b.next("positions", (m) => m.players.some((p) => p.id === host.playerId));
    assert.deepEqual(frame.players.find((p) => p.id === host.playerId), {
      id: host.playerId,
      x: 123.5,
      y: 456,
    });
    b.send({ type: "position", x: 1, y: 2, id: host.playerId });
    const own = await a.next("positions", (m) => m.players.some((p) => p.id === guest.playerId));
    assert.deepEqual(own.players.find((p) => p.id === guest.playerId), {
      id: guest.playerId,
      x: 1,
      y: 2,
    });
    assert.equal(
      own.players.some((p) => p.id === host.playerId && p.x === 1),
      false,
      "identity comes from the token",
    );
    await closeAll(a, b);
  } finally {
    await server.close();
  }
});

Deno.test("moves within one tick arrive as one frame with the latest position (latest wins)", async () => {
  const server = await startTestServer({ BROADCAST_HZ: "2" });
  try {
    const { host, a, b } = await startedGame(server);
    for (let x = 1; x <= 5; x++) a.send({ type: "position", x, y: 7 });
    const frame = await b.next(
      "positions",
      (m) => m.players.some((p) => p.id === host.playerId && p.x === 5),
    );
    assert.equal(frame.players.filter((p) => p.id === host.playerId).length, 1);
    assert.equal(b.messages.filter((m) => m.type === "positions").length <= 1, true);
    await closeAll(a, b);
  } finally {
    await server.close();
  }
});

Deno.test("welcome, player_joined and player_left reach the players of the lobby", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url, "Host");
    const a = gameSocket(server.wsUrl, host.code, host.token);
    const welcome = await a.next("welcome");
    assert.equal(welcome.playerId, host.playerId);
    assert.equal(welcome.lobby.code, host.code);
    const guest = await joinLobby(server.url, host.code, "Guest");
    const joined = await a.next("player_joined");
    assert.deepEqual(joined.player, { id: guest.playerId, name: "Guest" });
    assert.equal(joined.lobby.players.length, 2);
    await api(server.url, "POST", `/api/lobbies/${host.code}/leave`, { token: guest.token });
    const left = await a.next("player_left");
    assert.equal(left.playerId, guest.playerId);
    assert.equal(left.lobby.players.length, 1);
    await a.close();
  } finally {
    await server.close();
  }
});

Deno.test("a player who closes the tab leaves the lobby after the grace period", async () => {
  const server = await startTestServer({ RECONNECT_GRACE_SECONDS: "0.2" });
  try {
    const { guest, a, b } = await startedGame(server);
    await b.close();
    const left = await a.next("player_left");
    assert.equal(left.playerId, guest.playerId);
    await a.close();
  } finally {
    await server.close();
  }
});

Deno.test("a reconnect within the grace period keeps the seat and replaces the older socket", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url, "Host");
    const first = gameSocket(server.wsUrl, host.code, host.token);
    await first.next("welcome");
    const second = gameSocket(server.wsUrl, host.code, host.token);
    await second.next("welcome");
    assert.deepEqual(await first.closed, { code: 4002, reason: "replaced" });
    await eventually(() => server.registry.total === 1, 2000, "one slot for one player");
    await second.close();
    const third = gameSocket(server.wsUrl, host.code, host.token);
    assert.equal((await third.next("welcome")).lobby.players.length, 1);
    await third.close();
  } finally {
    await server.close();
  }
});

Deno.test("a bad token, an unknown lobby and a malformed code close with their codes after an error message", async (t) => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url);
    const cases: Array<[string, string, string, number, string]> = [
      ["a tampered token", host.code, host.token.slice(0, -3) + "abc", 4001, "unauthorized"],
      ["no token", host.code, "", 4001, "unauthorized"],
      ["an unknown lobby", "ZZZZZZ", host.token, 4004, "lobby_not_found"],
      ["a malformed code", "no!", host.token, 4004, "lobby_not_found"],
    ];
    for (const [what, code, token, closeCode, reason] of cases) {
      await t.step(what, async () => {
        const socket = gameSocket(server.wsUrl, code, token);
        const error = await socket.next("error");
        assert.equal(error.code, reason);
        assert.deepEqual(await socket.closed, { code: closeCode, reason });
      });
    }
    await eventually(() => server.registry.total === 0, 2000, "slots released");
  } finally {
    await server.close();
  }
});

Deno.test("a browser page from a foreign origin gets 403 before the upgrade; no Origin is allowed", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url);
    const handshake = (origin?: string) =>
      fetch(`${server.url}/ws/${host.code}?token=${host.token}`, {
        headers: {
          upgrade: "websocket",
          connection: "Upgrade",
          "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
          "sec-websocket-version": "13",
          ...(origin ? { origin } : {}),
        },
      });
    const head = await fetch(`${server.url}/ws/${host.code}?token=${host.token}`, {
      method: "HEAD",
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    assert.equal(head.status, 405, "an upgrade is a GET only");
    assert.equal(head.headers.get("allow"), "GET");
    const foreign = await handshake("http://evil.example");
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, "forbidden");
    const same = gameSocket(server.wsUrl, host.code, host.token, { origin: server.url });
    await same.next("welcome");
    await same.close();
    const none = gameSocket(server.wsUrl, host.code, host.token);
    await none.next("welcome");
    await none.close();
  } finally {
    await server.close();
  }
});

Deno.test("behind TRUST_PROXY, a page on the proxy's public host may open a game socket", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const host = await createLobby(server.url);
    // The proxy rewrote Host to its upstream (this server) and passed the public one along.
    const proxyHeaders = (forwardedHost: string) => ({
      origin: "https://game.example",
      "x-forwarded-host": forwardedHost,
      "x-forwarded-for": "203.0.113.7",
    });
    const ok = gameSocket(server.wsUrl, host.code, host.token, proxyHeaders("game.example"));
    await ok.next("welcome");
    await ok.close();
    const other = await fetch(`${server.url}/ws/${host.code}?token=${host.token}`, {
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
        ...proxyHeaders("other.example"),
      },
    });
    assert.equal(other.status, 403, "another public host is another origin");
    await other.body?.cancel();
  } finally {
    await server.close();
  }
});

/** A position message of exactly `bytes` UTF-8 bytes, padded with `fill` (1 or 2 bytes each). */
function positionOfBytes(bytes: number, x: number, fill: "a" | "é"): string {
  const bare = JSON.stringify({ type: "position", x, y: 1, pad: "" });
  const room = bytes - new TextEncoder().encode(bare).length;
  const unit = fill === "a" ? 1 : 2;
  const pad = fill.repeat(Math.floor(room / unit)) + "a".repeat(room % unit);
  const text = JSON.stringify({ type: "position", x, y: 1, pad });
  assert.equal(new TextEncoder().encode(text).length, bytes);
  return text;
}

Deno.test("a message of 1 KiB is read; one byte more closes with 1009 message_too_big", async (t) => {
  const server = await startTestServer();
  try {
    for (const fill of ["a", "é"] as const) {
      await t.step(
        fill === "a" ? "ASCII" : "two-byte characters (fewer UTF-16 units than bytes)",
        async () => {
          const { guest, a, b } = await startedGame(server);
          b.send(positionOfBytes(1024, 77, fill));
          const frame = await a.next(
            "positions",
            (m) => m.players.some((p) => p.id === guest.playerId),
          );
          assert.equal(
            frame.players.find((p) => p.id === guest.playerId)?.x,
            77,
          );
          b.send(positionOfBytes(1025, 78, fill));
          assert.deepEqual(await b.closed, { code: 1009, reason: "message_too_big" });
          await a.close();
        },
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("a peer that ignores the server's close frame is dropped after the close handshake time", async (t) => {
  const server = await startTestServer({}, { closeHandshakeMs: 300 });
  try {
    await t.step("a refused socket (4004) that stays silent", async () => {
      const client = await stubbornClient(server.port, "/ws/ZZZZZZ?token=nope");
      const text = await client.dropped();
      assert.match(
        text,
        /lobby_not_found/,
        "the reason came first, in-band and in the close frame",
      );
      client.tcp.close();
      await eventually(() => server.hub.traffic.openSockets === 0, 2000, "no socket lingers");
    });

    await t.step(
      "an admitted socket closed for a big message, then a stalled 1 MiB frame",
      async () => {
        const host = await createLobby(server.url, "Host");
        const client = await stubbornClient(server.port, `/ws/${host.code}?token=${host.token}`);
        await eventually(() => client.received().includes("welcome"), 2000, "welcome");
        const mask = new Uint8Array(4);
        await client.tcp.write(encodeTextFrame("x".repeat(2000), mask));
        await eventually(() => client.received().includes("message_too_big"), 2000, "1009");
        // The start of a frame that never ends: Deno would keep reading (and buffering) it.
        const header = new Uint8Array([0x81, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0]);
        await client.tcp.write(header);
        await client.tcp.write(new Uint8Array(1000));
        await client.dropped();
        client.tcp.close();
        await eventually(() => server.hub.traffic.openSockets === 0, 2000, "no socket lingers");
        assert.equal(server.registry.total, 0);
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("an offered subprotocol is echoed only when it is a short token", async (t) => {
  const server = await startTestServer();
  const answerTo = async (protocol: string) => {
    const tcp = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    try {
      await tcp.write(new TextEncoder().encode(
        `GET /ws/ZZZZZZ?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${handshakeKey()}\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      ));
      const buffer = new Uint8Array(4096);
      const n = await tcp.read(buffer);
      const head = new TextDecoder().decode(buffer.subarray(0, n ?? 0)).split("\r\n\r\n")[0]!;
      return /^sec-websocket-protocol: (.*)$/im.exec(head)?.[1] ?? null;
    } finally {
      tcp.close();
    }
  };
  try {
    await t.step("a token", async () => assert.equal(await answerTo("game.v1, other"), "game.v1"));
    await t.step("text with a space", async () => assert.equal(await answerTo("a b"), null));
    await t.step(
      "a very long token",
      async () => assert.equal(await answerTo("a".repeat(4000)), null),
    );
    await eventually(() => server.hub.traffic.openSockets === 0, 8000, "the sockets end");
  } finally {
    await server.close();
  }
});

Deno.test("invalid messages are dropped without harm; many of them close with 1008", async () => {
  const server = await startTestServer();
  try {
    const { host, a, b } = await startedGame(server);
    const invalid = [
      "not json",
      "[]",
      "null",
      '{"type":"teleport","x":1,"y":1}',
      '{"type":"position","x":1}',
      '{"type":"position","x":"1","y":2}',
      '{"type":"position","x":NaN,"y":2}',
      '{"type":"position","x":1e999,"y":2}',
      '{"type":"position","x":-1,"y":2}',
      '{"type":"position","x":1,"y":1000.5}',
    ];
    for (const text of invalid) a.send(text);
    a.ws.send(new Uint8Array([1, 2, 3]));
    a.send({ type: "position", x: 999, y: 998 });
    const frame = await b.next("positions", (m) => m.players.some((p) => p.id === host.playerId));
    assert.deepEqual(frame.players.find((p) => p.id === host.playerId), {
      id: host.playerId,
      x: 999,
      y: 998,
    });
    // 20 invalid messages in a burst are forgiven, the 21st closes. The test stops sending
    // there: Deno drops a connection without its close frame when the peer sends on.
    const already = invalid.length + 1;
    for (let i = 0; i < 21 - already; i++) a.send("garbage");
    assert.equal((await a.next("error")).code, "invalid_messages");
    assert.deepEqual(await a.closed, { code: 1008, reason: "invalid_messages" });
    await b.close();
  } finally {
    await server.close();
  }
});

Deno.test("a flooding player is told rate_limited, then closed with 1008, while the others play on", async () => {
  const server = await startTestServer({ RATE_LIMIT_WS_MESSAGES: "10" });
  try {
    const { guest, a, b } = await startedGame(server);
    // 40 at once: 10 allowed, 30 dropped, still short of the 50 excess that closes.
    for (let i = 0; i < 40; i++) a.send({ type: "position", x: i, y: 1 });
    const notice = await a.next("error");
    assert.equal(notice.code, "rate_limited");

    // While the flooder is over its rate, the other player's moves still go through to both.
    b.send({ type: "position", x: 42, y: 43 });
    const moved = (m: { players: { id: string; x: number }[] }) =>
      m.players.some((p) => p.id === guest.playerId && p.x === 42);
    await b.next("positions", moved);
    await a.next("positions", moved);
    assert.equal(server.hub.traffic.closesByCode().get(1008), undefined, "not closed yet");

    for (let i = 0; i < 200; i++) a.send({ type: "position", x: i % 1000, y: 1 });
    await a.closed;
    // The flooder keeps sending after the close, so Deno may drop the TCP connection before
    // the close frame; the server's own record says which code it closed with.
    await eventually(() => server.hub.traffic.closesByCode().get(1008) === 1, 2000, "a 1008 close");
    b.send({ type: "position", x: 44, y: 45 });
    const frame = await b.next("positions", (m) => m.players.some((p) => p.id === guest.playerId));
    assert.equal(frame.players.find((p) => p.id === guest.playerId)?.x, 44);
    await b.close();
  } finally {
    await server.close();
  }
});
