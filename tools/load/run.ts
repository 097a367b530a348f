/**
 * One load run in phases, so a test can act between them: {@link LoadRun.seat} (HTTP create,
 * join, start), {@link LoadRun.connect} (WebSockets), {@link LoadRun.play} (the open-loop send
 * schedule, then a drain), {@link LoadRun.close}, and {@link LoadRun.result}.
 * {@link runLoad} does them all.
 *
 * @example
 * ```ts
 * const run = new LoadRun({ ...LOAD_DEFAULTS, players: 20 }, { url: "http://127.0.0.1:8000" });
 * await run.seat();
 * await run.connect();
 * await run.play();
 * await run.close();
 * console.log(run.result().delivery.ratio);
 * ```
 */
import type { LoadOptions } from "./args.ts";
import { DeliveryTracker } from "./delivery.ts";
import { LatencyHistogram } from "./histogram.ts";
import { connectOnce, type ConnectOutcome, LoadSocket, type SocketCounters } from "./player.ts";
import { runPool } from "./pool.ts";
import { scanPositions } from "./positions_scan.ts";
import { fetchHealth, startWindow, type WindowReading } from "./probes.ts";
import { type LoadResult, type ServerHealth, summarize } from "./result.ts";
import { SendSchedule } from "./schedule.ts";
import { decodeSeq, positionMessage } from "./seq.ts";
import { type Seat, seatPlayers } from "./setup.ts";

/** The settings a run uses. */
export type RunOptions =
  & Pick<
    LoadOptions,
    "players" | "lobbySize" | "hz" | "seconds" | "deadlineMs" | "concurrency"
  >
  & Partial<Pick<LoadOptions, "healthToken" | "maxP99Ms" | "minDeliveryPercent">>;

/** Reads the server process's own figures when the tester knows its pid. */
export interface ServerProbe {
  /** User plus system CPU seconds since the process started. */
  cpuSeconds(): number;
  rssBytes(): number;
}

/** The server under load. */
export interface LoadTarget {
  /** `http://host:port` */
  url: string;
  probe?: ServerProbe;
}

const _CONNECT_TIMEOUT_MS = 15_000;
const _TIMER_MS = 1;
const _PROGRESS_MS = 1_000;
const _DRAIN_CHECK_MS = 20;

/** A load run; see the module doc. */
export class LoadRun {
  readonly options: RunOptions;
  readonly target: LoadTarget;
  readonly counters: SocketCounters = { sent: 0, received: 0 };
  readonly sockets: LoadSocket[] = [];
  readonly tracker: DeliveryTracker;
  readonly sendLag = new LatencyHistogram();
  seats: (Seat | null)[] = [];
  setupErrors: Record<string, number> = {};
  connectOutcomes: (ConnectOutcome | null)[] = [];
  /** Phase lengths in seconds, and the window's bounds as `performance.now()` readings. */
  timings = {
    seatSeconds: 0,
    connectSeconds: 0,
    sendSeconds: 0,
    windowSeconds: 0,
    windowStart: 0,
    windowEnd: 0,
  };
  /** Figures over the send window and the drain. */
  window: WindowReading & { sent: number; received: number } = {
    wallSeconds: 0,
    testerCpuSeconds: 0,
    serverCpuSeconds: null,
    machineBusySeconds: null,
    cores: 0,
    sent: 0,
    received: 0,
  };
  health: {
    before: ServerHealth | null;
    after: ServerHealth | null;
    cpuSamples: number[];
    /** Why `/health/detailed` gave no figures, when it did not. */
    unavailable: string | null;
  } = { before: null, after: null, cpuSamples: [], unavailable: null };
  unexpectedCloses: Record<string, number> = {};
  readonly #schedule: SendSchedule;
  readonly #idIndex = new Map<string, number>();
  readonly #progress: ((line: string) => void) | undefined;
  #closed = false;

  constructor(options: RunOptions, target: LoadTarget, onProgress?: (line: string) => void) {
    this.options = options;
    this.target = target;
    this.#progress = onProgress;
    this.#schedule = new SendSchedule(options);
    this.tracker = new DeliveryTracker({
      players: options.players,
      lobbySize: options.lobbySize,
      maxSeqs: this.#schedule.perPlayer,
      deadlineMs: options.deadlineMs,
    });
  }

  /** Creates, joins and starts every lobby over HTTP. */
  async seat(): Promise<void> {
    const { players, lobbySize, concurrency } = this.options;
    const started = performance.now();
    const seating = await seatPlayers(
      this.target.url,
      players,
      lobbySize,
      Math.max(1, Math.floor(concurrency / 4)),
      (seated) => this.#progress?.(`seating ${seated}/${players}`),
    );
    this.seats = seating.seats;
    this.setupErrors = seating.errors;
    for (const seat of this.seats) if (seat) this.#idIndex.set(seat.playerId, seat.index);
    this.timings.seatSeconds = (performance.now() - started) / 1000;
  }

  /** Every phase in order: seat, connect, play; closes the sockets whatever happens. */
  async runAll(): Promise<void> {
    try {
      await this.seat();
      await this.connect();
      await this.play();
    } finally {
      await this.close();
    }
  }

  /** Opens every seated player's WebSocket and waits for each welcome or refusal. */
  async connect(): Promise<void> {
    const started = performance.now();
    const onPositions = (index: number, text: string) => this.#onPositions(index, text);
    this.connectOutcomes = new Array(this.options.players).fill(null);
    let done = 0;
    await runPool(this.options.players, this.options.concurrency, async (i) => {
      const seat = this.seats[i];
      if (!seat) return;
      const socket = new LoadSocket(i, this.counters, onPositions);
      this.sockets.push(socket);
      this.connectOutcomes[i] = await socket.connect(this.#socketUrl(seat), _CONNECT_TIMEOUT_MS);
      if (++done % 100 === 0) this.#progress?.(`connecting ${done}/${this.options.players}`);
    });
    this.timings.connectSeconds = (performance.now() - started) / 1000;
  }

  /** Sends on the schedule, then waits up to the deadline for the last moves to arrive. */
  async play(): Promise<void> {
    const bySender: (LoadSocket | undefined)[] = new Array(this.options.players);
    for (const socket of this.sockets) if (socket.isOpen) bySender[socket.index] = socket;
    const probe = this.target.probe;
    this.health.before = await this.#health();
    const sent0 = this.counters.sent;
    const received0 = this.counters.received;
    const meter = startWindow(probe);
    const t0 = meter.startedAt;
    let lastProgress = t0;
    let healthPoll: Promise<void> | null = null;
    await new Promise<void>((resolve) => {
      const schedule = this.#schedule;
      let g = 0;
      const timer = setInterval(() => {
        const elapsed = performance.now() - t0;
        const due = schedule.dueBy(elapsed);
        for (; g < due; g++) {
          const sender = schedule.playerOf(g);
          const socket = bySender[sender];
          if (socket === undefined) continue;
          const seq = this.tracker.sentBy(sender);
          const now = performance.now();
          if (socket.send(positionMessage(seq))) this.tracker.recordSend(sender, seq, now);
          this.sendLag.record(now - t0 - schedule.dueAt(g));
        }
        if (performance.now() - lastProgress >= _PROGRESS_MS) {
          lastProgress = performance.now();
          this.#reportProgress(elapsed, meter.read(), sent0, received0);
          if (!probe && healthPoll === null) {
            healthPoll = this.#sampleHealthCpu().finally(() => healthPoll = null);
          }
        }
        if (g >= schedule.total) {
          clearInterval(timer);
          resolve();
        }
      }, _TIMER_MS);
    });
    this.timings.sendSeconds = (performance.now() - t0) / 1000;
    this.window.sent = this.counters.sent - sent0;
    const drainUntil = performance.now() + this.options.deadlineMs;
    const isOpen = (player: number) => bySender[player]?.isOpen === true;
    while (performance.now() < drainUntil && !this.tracker.caughtUp(isOpen)) {
      await new Promise((resolve) => setTimeout(resolve, _DRAIN_CHECK_MS));
    }
    await healthPoll;
    const reading = meter.read();
    this.timings.windowEnd = performance.now();
    this.timings.windowStart = t0;
    this.timings.windowSeconds = reading.wallSeconds;
    this.window = {
      ...reading,
      sent: this.window.sent,
      received: this.counters.received - received0,
    };
    this.health.after = await this.#health();
  }

  /** Seats one more player in a lobby of its own and tries to connect it; closes it after. */
  async tryExtraPlayer(): Promise<
    { setupErrors: Record<string, number>; outcome: ConnectOutcome | null }
  > {
    const seating = await seatPlayers(this.target.url, 1, 1, 1);
    const seat = seating.seats[0];
    const outcome = seat ? await connectOnce(this.#socketUrl(seat), _CONNECT_TIMEOUT_MS) : null;
    return { setupErrors: seating.errors, outcome };
  }

  /** Notes which sockets the server closed, then closes every socket from our side. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const socket of this.sockets) {
      const outcome = this.connectOutcomes[socket.index];
      if (outcome?.ok && socket.closeCode !== 0 && !socket.closedByUs) {
        const key = `${socket.closeCode} ${socket.closeReason}`.trim();
        this.unexpectedCloses[key] = (this.unexpectedCloses[key] ?? 0) + 1;
      }
    }
    await runPool(this.sockets.length, 256, (i) => this.sockets[i]!.close());
  }

  /** The report of the run so far. */
  result(): LoadResult {
    return summarize(this);
  }

  #onPositions(receiver: number, text: string): void {
    const t = performance.now();
    scanPositions(text, (id, x, y) => {
      const sender = this.#idIndex.get(id);
      if (sender !== undefined && sender !== receiver) {
        this.tracker.onSeen(receiver, sender, decodeSeq(x, y), t);
      }
    });
  }

  async #health(): Promise<ServerHealth | null> {
    const reading = await fetchHealth(this.target.url, this.options.healthToken ?? null);
    if (reading.ok) return reading.health;
    this.health.unavailable = reading.why;
    return null;
  }

  async #sampleHealthCpu(): Promise<void> {
    const health = await this.#health();
    if (health?.system?.cpu_percent !== undefined) {
      this.health.cpuSamples.push(health.system.cpu_percent);
    }
  }

  #reportProgress(elapsedMs: number, reading: WindowReading, sent0: number, received0: number) {
    if (!this.#progress) return;
    const open = this.sockets.reduce((n, s) => n + (s.isOpen ? 1 : 0), 0);
    const rate = (n: number) => Math.round(n / reading.wallSeconds);
    const cpu = Math.round((100 * reading.testerCpuSeconds) / reading.wallSeconds);
    const sent = rate(this.counters.sent - sent0);
    const received = rate(this.counters.received - received0);
    this.#progress(
      `${(elapsedMs / 1000).toFixed(1)}/${this.options.seconds}s open ${open} ` +
        `out ${sent}/s in ${received}/s tester cpu ${cpu}%`,
    );
  }

  #socketUrl(seat: Seat): string {
    const wsBase = this.target.url.replace(/^http/, "ws");
    return `${wsBase}/ws/${seat.code}?token=${encodeURIComponent(seat.token)}`;
  }
}

/** Runs every phase and returns the report. */
export async function runLoad(
  options: RunOptions,
  target: LoadTarget,
  onProgress?: (line: string) => void,
): Promise<LoadResult> {
  const run = new LoadRun(options, target, onProgress);
  await run.runAll();
  return run.result();
}
