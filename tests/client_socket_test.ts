import assert from "node:assert/strict";
import {
  CLIENT_SOCKET_DEFAULTS,
  ClientSocket,
  type ClientSocketOptions,
  type ConnectionState,
  lobbySocketUrl,
  type Scheduler,
} from "../lib/client_socket.ts";
import type { PublicLobby, ServerMessage } from "../lib/protocol.ts";

/** Timers that run only when the test moves time. */
class FakeScheduler implements Scheduler {
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward, running each timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].callback();
    }
    this.#now = end;
  }
}

/** A WebSocket whose server side the test plays by hand. */
class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  readonly url: string;
  readyState = 0;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send() on a socket that is not open");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  serverSend(message: unknown): void {
    this.readyState = 1;
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(message) }));
  }

  serverWelcome(): void {
    this.serverSend({ type: "welcome", playerId: "p1", lobby: LOBBY, positions: [] });
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code, reason }));
  }

  serverError(): void {
    this.onerror?.(new Event("error"));
  }
}

const LOBBY: PublicLobby = {
  code: "ABC234",
  status: "waiting",
  hostId: "p1",
  players: [{ id: "p1", name: "Ada" }],
  maxPlayers: 10,
  createdAt: 0,
};

/** The status read through a call, so the compiler does not narrow it across actions. */
const status = (socket: ClientSocket): ConnectionState["status"] => socket.state.status;

function setup(options: Partial<ClientSocketOptions> = {}) {
  FakeWebSocket.instances = [];
  const scheduler = new FakeScheduler();
  const socket = new ClientSocket({
    url: "ws://game.test/ws/ABC234?token=t",
    WebSocket: FakeWebSocket,
    scheduler,
    backoff: { baseMs: 1_000, maxMs: 30_000, random: () => 0.5 },
    ...options,
  });
  const states: ConnectionState[] = [];
  const messages: ServerMessage[] = [];
  socket.onState((state) => states.push(state));
  socket.onMessage((message) => messages.push(message));
  const latest = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!;
  /** Moves time to the scheduled retry, which opens the next socket. */
  const untilRetry = () => {
    assert.equal(socket.state.status, "retrying");
    scheduler.advance(socket.state.nextRetryAt! - scheduler.now());
  };
  return { socket, scheduler, states, messages, latest, untilRetry };
}

Deno.test("ClientSocket is open only once the server's welcome arrives", () => {
  const { socket, states, latest } = setup();
  socket.connect();
  assert.equal(latest().url, "ws://game.test/ws/ABC234?token=t");
  assert.equal(socket.state.status, "connecting");
  latest().serverSend({ type: "positions", players: [] });
  assert.equal(socket.state.status, "connecting");
  latest().serverWelcome();
  assert.deepEqual(states.map((s) => s.status), ["stopped", "connecting", "open"]);
});

Deno.test("ClientSocket passes typed server messages to subscribers until they unsubscribe", () => {
  const { socket, messages, latest } = setup();
  const mine: string[] = [];
  const unsubscribe = socket.onMessage((message) => mine.push(message.type));
  socket.connect();
  latest().serverWelcome();
  latest().serverSend({ type: "positions", players: [{ id: "p2", x: 10, y: 20 }] });
  unsubscribe();
  latest().serverSend({ type: "game_started", lobby: { ...LOBBY, status: "playing" } });
  latest().serverSend({ type: "nonsense" });
  assert.deepEqual(mine, ["welcome", "positions"]);
  assert.deepEqual(messages.map((m) => m.type), ["welcome", "positions", "game_started"]);
  assert.deepEqual(messages[1], { type: "positions", players: [{ id: "p2", x: 10, y: 20 }] });
});

Deno.test("ClientSocket retries server_full no sooner than the server's retryAfterMs", () => {
  const { socket, scheduler, latest } = setup({ backoff: { random: () => 0 } });
  socket.connect();
  latest().serverSend({ type: "error", code: "server_full", retryAfterMs: 5_000 });
  latest().serverClose(4003, "server_full");
  assert.equal(socket.state.status, "retrying");
  assert.equal(socket.state.reason, "server_full");
  assert.equal(socket.state.nextRetryAt, 5_000);
  scheduler.advance(4_999);
  assert.equal(FakeWebSocket.instances.length, 1);
  scheduler.advance(1);
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(socket.state.status, "connecting");
});

Deno.test("ClientSocket reads a lost close reason from the error message sent before it", () => {
  const { socket, latest } = setup();
  socket.connect();
  latest().serverSend({ type: "error", code: "lobby_full", message: "Too many connections" });
  latest().serverClose(1006);
  assert.equal(socket.state.status, "retrying");
  assert.equal(socket.state.reason, "lobby_full");
  assert.equal(socket.state.message, "Too many connections");
});

Deno.test("ClientSocket ignores an old error message when a connection drops later", () => {
  const { socket, latest } = setup();
  socket.connect();
  latest().serverWelcome();
  latest().serverSend({ type: "error", code: "rate_limited", message: "Some were dropped." });
  latest().serverSend({ type: "positions", players: [] });
  latest().serverClose(1006);
  assert.equal(socket.state.status, "retrying");
  assert.equal(socket.state.reason, "connection_lost");
});

Deno.test("ClientSocket stops after maxRetries refused tries and waits for retryNow()", () => {
  const { socket, scheduler, latest, untilRetry } = setup({ maxRetries: 4 });
  socket.connect();
  for (let i = 0; i < 10 && status(socket) === "connecting"; i++) {
    latest().serverSend({ type: "error", code: "server_full" });
    latest().serverClose(4003, "server_full");
    if (status(socket) === "retrying") untilRetry();
  }
  scheduler.advance(600_000);
  assert.equal(FakeWebSocket.instances.length, 5, "one try and four retries");
  assert.equal(socket.state.status, "stopped");
  assert.equal(socket.state.reason, "server_full");
  assert.equal(socket.state.attempts, 5);
  assert.equal(socket.state.nextRetryAt, null);
  assert.equal(scheduler.pending, 0);

  socket.retryNow();
  assert.equal(FakeWebSocket.instances.length, 6);
  assert.equal(socket.state.attempts, 0);
  latest().serverWelcome();
  assert.equal(socket.state.status, "open");
});

Deno.test("ClientSocket cannot loop when the server accepts and then drops every connection", () => {
  const { socket, scheduler, latest, untilRetry } = setup();
  socket.connect();
  for (let i = 0; i < 50 && status(socket) === "connecting"; i++) {
    latest().serverWelcome();
    latest().serverClose(1001, "server_shutdown");
    if (status(socket) === "retrying") untilRetry();
  }
  scheduler.advance(600_000);
  assert.equal(FakeWebSocket.instances.length, CLIENT_SOCKET_DEFAULTS.maxRetries + 1);
  assert.equal(socket.state.status, "stopped");
  assert.equal(socket.state.reason, "server_shutdown");
});

Deno.test("ClientSocket keeps trying through a server restart of half a minute by default", () => {
  // random 0.5 is the median of full jitter: half of each doubling window.
  const { socket, scheduler, latest, untilRetry } = setup();
  socket.connect();
  latest().serverWelcome();
  latest().serverSend({ type: "error", code: "server_shutdown" });
  latest().serverClose(1001, "server_shutdown");
  const downAt = scheduler.now();
  while (scheduler.now() - downAt < 30_000) {
    assert.equal(status(socket), "retrying", `still trying ${scheduler.now() - downAt} ms in`);
    untilRetry();
    latest().serverClose(1006); // the server is still down
  }
  untilRetry();
  latest().serverWelcome();
  assert.equal(status(socket), "open");
});

Deno.test("ClientSocket.networkBack() retries a lost connection at once, and nothing else", async (t) => {
  await t.step("stopped after a lost connection", () => {
    const { socket, latest } = setup({ maxRetries: 0 });
    socket.connect();
    latest().serverClose(1006);
    assert.equal(socket.state.status, "stopped");
    socket.networkBack();
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(socket.state.status, "connecting");
  });
  await t.step("stopped because the seat was taken over: stays stopped", () => {
    const { socket, latest } = setup();
    socket.connect();
    latest().serverWelcome();
    latest().serverClose(4002, "replaced");
    socket.networkBack();
    assert.equal(FakeWebSocket.instances.length, 1);
    assert.equal(socket.state.status, "stopped");
  });
  await t.step("waiting for its next try after a lost connection: tries now", () => {
    const { socket, latest } = setup();
    socket.connect();
    latest().serverClose(1006);
    assert.equal(socket.state.status, "retrying");
    socket.networkBack();
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(socket.state.status, "connecting");
    assert.equal(socket.state.attempts, 0, "a fresh round of tries");
  });
  await t.step("waiting out a full server: the server's wait stands", () => {
    const { socket, latest } = setup();
    socket.connect();
    latest().serverSend({ type: "error", code: "server_full", retryAfterMs: 15_000 });
    latest().serverClose(4003, "server_full");
    socket.networkBack();
    assert.equal(FakeWebSocket.instances.length, 1);
    assert.equal(socket.state.status, "retrying");
  });
  await t.step("open: nothing to do", () => {
    const { socket, latest } = setup();
    socket.connect();
    latest().serverWelcome();
    socket.networkBack();
    assert.equal(FakeWebSocket.instances.length, 1);
  });
});

Deno.test("ClientSocket forgets past failures once a connection stays up", () => {
  const { socket, scheduler, latest, untilRetry } = setup({ stableAfterMs: 10_000 });
  socket.connect();
  latest().serverClose(1006);
  untilRetry();
  latest().serverClose(1006);
  untilRetry();
  latest().serverWelcome();
  assert.equal(socket.state.attempts, 2);
  scheduler.advance(10_000);
  assert.equal(socket.state.attempts, 0);
  latest().serverClose(1006);
  assert.equal(socket.state.attempts, 1);
  assert.equal(socket.state.nextRetryAt, scheduler.now() + 500, "first-retry window again");
});

Deno.test("ClientSocket retries abnormal closes and server restarts with growing delays", () => {
  const { socket, scheduler, latest } = setup();
  socket.connect();
  latest().serverError();
  latest().serverClose(1006);
  assert.equal(socket.state.reason, "connection_lost");
  assert.equal(socket.state.nextRetryAt, 500);
  scheduler.advance(500);
  latest().serverClose(1001, "server_shutdown");
  assert.equal(socket.state.reason, "server_shutdown");
  assert.equal(socket.state.nextRetryAt, 500 + 1_000, "window doubled, half of it with random 0.5");
});

Deno.test("ClientSocket keeps explaining a restart while the server is still down", () => {
  const { socket, latest, untilRetry } = setup();
  socket.connect();
  latest().serverWelcome();
  latest().serverClose(1001, "server_shutdown");
  untilRetry();
  latest().serverClose(1006);
  assert.equal(socket.state.reason, "server_shutdown");
  untilRetry();
  latest().serverWelcome();
  latest().serverClose(1006);
  assert.equal(socket.state.reason, "connection_lost", "a later drop is a drop again");
});

Deno.test("ClientSocket does not retry closes that another try cannot fix", async (t) => {
  const cases: [number, string, string][] = [
    [1000, "left", "left"],
    [4001, "unauthorized", "unauthorized"],
    [4002, "replaced", "replaced"],
    [4004, "lobby_not_found", "lobby_not_found"],
    [1008, "rate_limited", "rate_limited"],
    [1008, "", "rate_limited"],
    [1009, "message_too_big", "message_too_big"],
    [4004, "", "lobby_not_found"],
  ];
  for (const [code, reason, expected] of cases) {
    await t.step(`${code} "${reason}" stops with reason ${expected}`, () => {
      const { socket, scheduler, latest } = setup();
      socket.connect();
      latest().serverWelcome();
      latest().serverClose(code, reason);
      scheduler.advance(600_000);
      assert.equal(FakeWebSocket.instances.length, 1);
      assert.equal(socket.state.status, "stopped");
      assert.equal(socket.state.reason, expected);
      assert.equal(socket.state.closeCode, code);
    });
  }
});

Deno.test("ClientSocket handles a close event that fires twice as one failure", () => {
  const { socket, scheduler, latest } = setup();
  socket.connect();
  const first = latest();
  first.serverError();
  first.serverClose(1006);
  first.serverClose(1006);
  assert.equal(socket.state.attempts, 1);
  assert.equal(scheduler.pending, 1, "one retry timer");
});

Deno.test("ClientSocket gives a try up when no welcome comes in time", () => {
  const { socket, scheduler, latest } = setup({ connectTimeoutMs: 10_000 });
  socket.connect();
  const first = latest();
  scheduler.advance(10_000);
  assert.deepEqual(first.closedWith, { code: 1000, reason: "timeout" });
  assert.equal(socket.state.status, "retrying");
  assert.equal(socket.state.reason, "timeout");
  first.serverClose(1000, "timeout");
  assert.equal(socket.state.attempts, 1, "the late close of a given-up socket is ignored");
});

Deno.test("ClientSocket.close() leaves with 1000 left and never reconnects", () => {
  const { socket, scheduler, states, latest } = setup();
  socket.connect();
  latest().serverWelcome();
  const count = states.length;
  socket.close();
  assert.deepEqual(latest().closedWith, { code: 1000, reason: "left" });
  latest().serverClose(1006);
  socket.retryNow();
  socket.connect();
  scheduler.advance(600_000);
  assert.equal(FakeWebSocket.instances.length, 1);
  assert.equal(states.length, count);
  assert.equal(socket.state.reason, "left");
});

Deno.test("ClientSocket.retryNow() does nothing while a connection is open or opening", () => {
  const { socket, latest } = setup();
  socket.connect();
  socket.retryNow();
  assert.equal(FakeWebSocket.instances.length, 1);
  latest().serverWelcome();
  socket.retryNow();
  assert.equal(FakeWebSocket.instances.length, 1);
});

Deno.test("ClientSocket.retryNow() cuts a scheduled retry short", () => {
  const { socket, scheduler, latest } = setup();
  socket.connect();
  latest().serverClose(4003, "server_full");
  socket.retryNow();
  assert.equal(FakeWebSocket.instances.length, 2);
  latest().serverWelcome();
  scheduler.advance(600_000);
  assert.equal(FakeWebSocket.instances.length, 2, "the old timer was cancelled");
});

Deno.test("ClientSocket.sendPosition() sends at most one change per interval", async (t) => {
  const sentPositions = (socket: FakeWebSocket) => socket.sent.map((s) => JSON.parse(s));

  await t.step("nothing is sent before the welcome; the latest value goes after it", () => {
    const { socket, latest } = setup();
    socket.connect();
    socket.sendPosition(1, 2);
    socket.sendPosition(3, 4);
    assert.deepEqual(latest().sent, []);
    latest().serverWelcome();
    assert.deepEqual(sentPositions(latest()), [{ type: "position", x: 3, y: 4 }]);
  });

  await t.step("updates inside one interval collapse into the latest", () => {
    const { socket, scheduler, latest } = setup({ positionIntervalMs: 50 });
    socket.connect();
    latest().serverWelcome();
    socket.sendPosition(10, 10);
    socket.sendPosition(11, 10);
    socket.sendPosition(12, 10);
    assert.equal(latest().sent.length, 1);
    scheduler.advance(49);
    assert.equal(latest().sent.length, 1);
    scheduler.advance(1);
    assert.deepEqual(sentPositions(latest())[1], { type: "position", x: 12, y: 10 });
  });

  await t.step("an unchanged position is not sent again", () => {
    const { socket, scheduler, latest } = setup();
    socket.connect();
    latest().serverWelcome();
    for (let i = 0; i < 20; i++) {
      socket.sendPosition(500, 500);
      scheduler.advance(100);
    }
    assert.equal(latest().sent.length, 1);
  });

  await t.step("values are clamped to the board and non-finite ones dropped", () => {
    const { socket, scheduler, latest } = setup();
    socket.connect();
    latest().serverWelcome();
    socket.sendPosition(-20, 1_234.567);
    scheduler.advance(100);
    socket.sendPosition(Number.NaN, 3);
    scheduler.advance(100);
    assert.deepEqual(sentPositions(latest()), [{ type: "position", x: 0, y: 1000 }]);
  });

  await t.step("a full send buffer holds updates back", () => {
    const { socket, scheduler, latest } = setup();
    socket.connect();
    latest().serverWelcome();
    latest().bufferedAmount = 1_000_000;
    socket.sendPosition(7, 7);
    scheduler.advance(500);
    assert.equal(latest().sent.length, 0);
    latest().bufferedAmount = 0;
    scheduler.advance(50);
    assert.equal(latest().sent.length, 1);
  });

  await t.step("a reconnect sends the position again", () => {
    const { socket, latest, untilRetry } = setup();
    socket.connect();
    latest().serverWelcome();
    socket.sendPosition(5, 5);
    latest().serverClose(1006);
    untilRetry();
    latest().serverWelcome();
    socket.sendPosition(5, 5);
    assert.equal(latest().sent.length, 1);
  });
});

Deno.test("lobbySocketUrl() follows the page's scheme and escapes its parts", () => {
  assert.equal(
    lobbySocketUrl({ protocol: "http:", host: "localhost:8000" }, "ABC234", "a+b/c"),
    "ws://localhost:8000/ws/ABC234?token=a%2Bb%2Fc",
  );
  assert.equal(
    lobbySocketUrl({ protocol: "https:", host: "game.example" }, "ABC234", "t"),
    "wss://game.example/ws/ABC234?token=t",
  );
});
