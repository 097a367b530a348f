/**
 * Test helpers that talk to a real server the way a client would: JSON over HTTP, and a
 * WebSocket wrapper that queues messages so a test can wait for the one it expects.
 */
import type { ServerMessage } from "../lib/protocol.ts";
import { handshakeKey, handshakeRequest } from "../tools/load/ws_frames.ts";

/** An HTTP answer with its parsed JSON body. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** Sends a request and reads the JSON answer. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { json?: unknown; token?: string; headers?: Record<string, string>; body?: BodyInit } =
    {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON; tests look at the text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Creates a lobby hosted by `name`. */
export async function createLobby(baseUrl: string, name = "Host") {
  const answer = await api(baseUrl, "POST", "/api/lobbies", { json: { name } });
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body as { code: string; playerId: string; token: string };
}

/** Joins lobby `code` as `name`. */
export async function joinLobby(baseUrl: string, code: string, name = "Guest") {
  const answer = await api(baseUrl, "POST", `/api/lobbies/${code}/join`, { json: { name } });
  if (answer.status !== 200) throw new Error(`join failed: ${JSON.stringify(answer.body)}`);
  return answer.body as { playerId: string; token: string };
}

/** A WebSocket whose messages queue up until a test takes them. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<() => void> = [];

  constructor(
    url: string,
    options: { headers?: Record<string, string>; protocols?: string[] } = {},
  ) {
    // Deno's WebSocket takes headers (a browser's does not); tests use it to send an Origin.
    const init = { headers: options.headers, protocols: options.protocols };
    this.ws = new WebSocket(url, init as unknown as string[]);
    this.opened = new Promise((resolve) => this.ws.addEventListener("open", () => resolve()));
    this.closed = new Promise((resolve) =>
      this.ws.addEventListener("close", (e) => {
        resolve({ code: e.code, reason: e.reason });
        this.#wake();
      })
    );
    this.ws.addEventListener("error", () => {}); // A failed handshake reports through close.
    this.ws.addEventListener("message", (e) => {
      if (typeof e.data === "string") this.messages.push(JSON.parse(e.data));
      this.#wake();
    });
  }

  /** Waits for (and removes) the first queued message that matches. */
  async next<T extends ServerMessage["type"]>(
    type: T,
    predicate: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const index = this.messages.findIndex((m) =>
        m.type === type && predicate(m as Extract<ServerMessage, { type: T }>)
      );
      if (index >= 0) {
        return this.messages.splice(index, 1)[0] as Extract<ServerMessage, { type: T }>;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no ${type} message; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(value: unknown): void {
    this.ws.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Closes from the client side and waits for the close to finish. */
  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Opens a game socket for `token` in lobby `code`. */
export function gameSocket(
  wsBase: string,
  code: string,
  token: string,
  headers?: Record<string, string>,
) {
  return new TestSocket(`${wsBase}/ws/${code}?token=${encodeURIComponent(token)}`, { headers });
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw TCP WebSocket client that never answers the server's close frame. */
export async function stubbornClient(port: number, path: string) {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port });
  await tcp.write(handshakeRequest(`127.0.0.1:${port}`, path, handshakeKey()));
  let received = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    const buffer = new Uint8Array(4096);
    while (true) {
      const n = await tcp.read(buffer).catch(() => null);
      if (n === null) return received;
      received += decoder.decode(buffer.subarray(0, n), { stream: true });
    }
  })();
  /** Everything the server sent, once it drops the connection; fails after 3 s without. */
  const dropped = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        tcp.close(); // ends the read, so the test fails instead of hanging
        reject(new Error("the server kept the connection of a peer that ignored its close"));
      }, 3000);
    });
    try {
      return await Promise.race([reading, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { tcp, dropped, received: () => received };
}
