/**
 * The lobby HTTP API against a real server on port 0: each good input next to the bad ones,
 * and every bad input leaves the lobby exactly as it was.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_server.ts";
import { api, createLobby, joinLobby } from "./_client.ts";

async function lobbyOf(url: string, code: string) {
  return (await api(url, "GET", `/api/lobbies/${code}`)).body;
}

Deno.test("POST /api/lobbies creates a lobby its host can read back and a friend can join", async () => {
  const server = await startTestServer();
  try {
    const created = await api(server.url, "POST", "/api/lobbies", { json: { name: "Ada" } });
    assert.equal(created.status, 201);
    assert.match(created.body.code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    assert.equal(created.body.lobby.hostId, created.body.playerId);
    assert.equal(typeof created.body.token, "string");
    assert.deepEqual(created.body.lobby.players, [{ id: created.body.playerId, name: "Ada" }]);
    assert.equal(created.body.lobby.status, "waiting");
    assert.equal(created.body.lobby.maxPlayers, 10);

    const read = await api(server.url, "GET", `/api/lobbies/${created.body.code.toLowerCase()}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.lobby, created.body.lobby);

    const joined = await api(server.url, "POST", `/api/lobbies/${created.body.code}/join`, {
      json: { name: "Grace" },
    });
    assert.equal(joined.status, 200);
    assert.deepEqual(joined.body.lobby.players.map((p: { name: string }) => p.name), [
      "Ada",
      "Grace",
    ]);
    assert.equal(JSON.stringify(joined.body).includes("secretHash"), false);
  } finally {
    await server.close();
  }
});

Deno.test("every bad lobby request gets a JSON error with a stable code and changes nothing", async (t) => {
  const server = await startTestServer({ RATE_LIMIT_API: "1000", RATE_LIMIT_LOBBY_JOIN: "1000" });
  try {
    const host = await createLobby(server.url, "Host");
    const guest = await joinLobby(server.url, host.code, "Guest");
    const before = await lobbyOf(server.url, host.code);
    const join = `/api/lobbies/${host.code}/join`;
    const cases: Array<[string, () => ReturnType<typeof api>, number, string]> = [
      [
        "malformed JSON",
        () =>
          api(server.url, "POST", join, {
            body: "{nope",
            headers: { "content-type": "application/json" },
          }),
        400,
        "invalid_json",
      ],
      ["a JSON array", () => api(server.url, "POST", join, { json: ["x"] }), 400, "bad_request"],
      [
        "wrong content type",
        () =>
          api(server.url, "POST", join, {
            body: "name=x",
            headers: { "content-type": "application/x-www-form-urlencoded" },
          }),
        415,
        "unsupported_media_type",
      ],
      [
        "a body over 4 KiB",
        () => api(server.url, "POST", join, { json: { name: "x".repeat(5000) } }),
        413,
        "payload_too_large",
      ],
      [
        "an empty name",
        () => api(server.url, "POST", join, { json: { name: "   " } }),
        400,
        "invalid_name",
      ],
      ["no name", () => api(server.url, "POST", join, { json: {} }), 400, "invalid_name"],
      [
        "a name of 33 characters",
        () => api(server.url, "POST", join, { json: { name: "n".repeat(33) } }),
        400,
        "invalid_name",
      ],
      [
        "a name with a control character",
        () => api(server.url, "POST", join, { json: { name: "a\u0007b" } }),
        400,
        "invalid_name",
      ],
      [
        "a number as name",
        () => api(server.url, "POST", join, { json: { name: 42 } }),
        400,
        "invalid_name",
      ],
      [
        "a malformed code",
        () => api(server.url, "POST", "/api/lobbies/AB!/join", { json: { name: "x" } }),
        400,
        "invalid_code",
      ],
      [
        "an unknown code",
        () => api(server.url, "GET", "/api/lobbies/ZZZZZZ"),
        404,
        "lobby_not_found",
      ],
      [
        "start by a non-host",
        () => api(server.url, "POST", `/api/lobbies/${host.code}/start`, { token: guest.token }),
        403,
        "not_host",
      ],
      [
        "start without a token",
        () => api(server.url, "POST", `/api/lobbies/${host.code}/start`),
        401,
        "unauthorized",
      ],
      [
        "leave with a bad token",
        () =>
          api(server.url, "POST", `/api/lobbies/${host.code}/leave`, {
            token: guest.token.slice(0, -2) + "xx",
          }),
        401,
        "unauthorized",
      ],
      [
        "leave with another lobby's token",
        async () => {
          const other = await createLobby(server.url, "Other");
          return api(server.url, "POST", `/api/lobbies/${host.code}/leave`, { token: other.token });
        },
        401,
        "unauthorized",
      ],
    ];
    for (const [what, send, status, code] of cases) {
      await t.step(what, async () => {
        const answer = await send();
        assert.equal(answer.status, status, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, code);
        assert.equal(typeof answer.body.error.message, "string");
        assert.deepEqual(await lobbyOf(server.url, host.code), before);
      });
    }
  } finally {
    await server.close();
  }
});

Deno.test("a __proto__ key in a body is ignored and pollutes nothing", async () => {
  const server = await startTestServer();
  try {
    const answer = await api(server.url, "POST", "/api/lobbies", {
      body: '{"name":"Ada","__proto__":{"polluted":true},"extra":1}',
      headers: { "content-type": "application/json" },
    });
    assert.equal(answer.status, 201);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(answer.body.lobby).sort(), [
      "code",
      "createdAt",
      "hostId",
      "maxPlayers",
      "players",
      "status",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("a name already in the lobby answers 409 name_taken and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url, "Alice");
    const before = await api(server.url, "GET", `/api/lobbies/${host.code}`);
    const twin = await api(server.url, "POST", `/api/lobbies/${host.code}/join`, {
      json: { name: " alice " },
    });
    assert.equal(twin.status, 409);
    assert.equal(twin.body.error.code, "name_taken");
    const after = await api(server.url, "GET", `/api/lobbies/${host.code}`);
    assert.deepEqual(after.body.lobby, before.body.lobby);
    await joinLobby(server.url, host.code, "Alice B");
    const joined = await api(server.url, "GET", `/api/lobbies/${host.code}`);
    assert.equal(joined.body.lobby.players.length, 2, "another name is welcome");
  } finally {
    await server.close();
  }
});

Deno.test("a full lobby answers 409 lobby_full and a started game 409 game_started", async () => {
  const server = await startTestServer({ MAX_PLAYERS_PER_LOBBY: "2" });
  try {
    const host = await createLobby(server.url);
    await joinLobby(server.url, host.code, "Second");
    const before = await api(server.url, "GET", `/api/lobbies/${host.code}`);
    const full = await api(server.url, "POST", `/api/lobbies/${host.code}/join`, {
      json: { name: "Third" },
    });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.code, "lobby_full");
    const after = await api(server.url, "GET", `/api/lobbies/${host.code}`);
    assert.deepEqual(after.body.lobby, before.body.lobby, "the refused join changed nothing");

    const other = await createLobby(server.url);
    const started = await api(server.url, "POST", `/api/lobbies/${other.code}/start`, {
      token: other.token,
    });
    assert.equal(started.status, 200);
    assert.equal(started.body.lobby.status, "playing");
    const late = await api(server.url, "POST", `/api/lobbies/${other.code}/join`, {
      json: { name: "Late" },
    });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, "game_started");
    assert.equal((await lobbyOf(server.url, other.code)).lobby.players.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("20 simultaneous joins to a lobby of 10 admit exactly the 9 free seats", async () => {
  const server = await startTestServer({ RATE_LIMIT_LOBBY_JOIN: "100" });
  try {
    const host = await createLobby(server.url);
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          api(server.url, "POST", `/api/lobbies/${host.code}/join`, { json: { name: `P${i}` } }),
      ),
    );
    const admitted = answers.filter((a) => a.status === 200);
    assert.equal(admitted.length, 9);
    assert.ok(
      answers.filter((a) => a.status !== 200).every((a) =>
        a.status === 409 && a.body.error.code === "lobby_full"
      ),
    );
    const { lobby } = await lobbyOf(server.url, host.code);
    assert.equal(lobby.players.length, 10);
    const ids = new Set(lobby.players.map((p: { id: string }) => p.id));
    for (const a of admitted) assert.ok(ids.has(a.body.playerId), "an admitted player was lost");
  } finally {
    await server.close();
  }
});

Deno.test("a host who leaves hands the host role on; the last one out deletes the lobby", async () => {
  const server = await startTestServer();
  try {
    const host = await createLobby(server.url, "Host");
    const guest = await joinLobby(server.url, host.code, "Guest");
    const left = await api(server.url, "POST", `/api/lobbies/${host.code}/leave`, {
      token: host.token,
    });
    assert.equal(left.status, 200);
    const { lobby } = await lobbyOf(server.url, host.code);
    assert.equal(lobby.hostId, guest.playerId);
    assert.deepEqual(lobby.players.map((p: { name: string }) => p.name), ["Guest"]);
    const again = await api(server.url, "POST", `/api/lobbies/${host.code}/leave`, {
      token: host.token,
    });
    assert.equal(again.status, 401, "a token stops working once its player has left");
    await api(server.url, "POST", `/api/lobbies/${host.code}/leave`, { token: guest.token });
    assert.equal((await api(server.url, "GET", `/api/lobbies/${host.code}`)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("unknown routes answer a JSON 404", async () => {
  const server = await startTestServer();
  try {
    const answer = await api(server.url, "GET", "/api/nothing-here");
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "not_found");
  } finally {
    await server.close();
  }
});

Deno.test("a known address asked with another method answers 405 with Allow", async (t) => {
  const server = await startTestServer();
  try {
    const { code } = await createLobby(server.url, "Ada");
    for (
      const [method, path, allow] of [
        ["GET", "/api/lobbies", "POST"],
        ["DELETE", `/api/lobbies/${code}`, "GET, HEAD"],
        ["PUT", `/api/lobbies/${code}/join`, "POST"],
        ["GET", `/api/lobbies/${code}/leave`, "POST"],
        ["PATCH", `/api/lobbies/${code}/start`, "POST"],
        ["POST", "/", "GET, HEAD"],
        ["POST", "/health", "GET, HEAD"],
        ["DELETE", "/metrics", "GET, HEAD"],
        ["PUT", "/status", "GET, HEAD"],
        ["POST", `/lobby/${code}`, "GET, HEAD"],
        ["POST", `/ws/${code}`, "GET"],
        ["POST", "/static/style.css", "GET, HEAD"],
      ] as const
    ) {
      await t.step(`${method} ${path}`, async () => {
        const answer = await api(server.url, method, path);
        assert.equal(answer.status, 405);
        assert.equal(answer.body.error.code, "method_not_allowed");
        assert.equal(answer.headers.get("allow"), allow);
      });
    }
    const lobby = await api(server.url, "GET", `/api/lobbies/${code}`);
    assert.equal(lobby.body.lobby.players.length, 1, "nothing changed");
  } finally {
    await server.close();
  }
});
