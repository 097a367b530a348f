/**
 * Readings from outside the tester's own event loop: a process's CPU time and memory and the
 * whole machine's CPU time from Linux `/proc` (so the tester's work never counts as the
 * server's, and other work on the machine shows up as noise), and the server's own figures
 * from `GET /health/detailed`.
 *
 * @example
 * ```ts
 * const before = readMachineCpu();
 * // ... run ...
 * const busy = readMachineCpu().busySeconds - before.busySeconds;
 * ```
 */
import process from "node:process";
import type { ServerHealth } from "./result.ts";

const _CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ, fixed by the ABI

/** User plus system CPU seconds of process `pid` (`/proc/<pid>/stat`). */
export function readCpuSeconds(pid: number | "self"): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces; the fields after it are plain numbers.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / _CLOCK_TICKS_PER_SECOND;
}

/** Resident memory of process `pid` in bytes (`VmRSS` of `/proc/<pid>/status`). */
export function readRssBytes(pid: number): number {
  const match = /^VmRSS:\s*(\d+)\s*kB/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU seconds every core of the machine spent busy, and the core count; null off Linux. */
export function readMachineCpu(): { busySeconds: number; cores: number } | null {
  try {
    const text = Deno.readTextFileSync("/proc/stat");
    const line = text.slice(0, text.indexOf("\n")).trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line;
    const cores = (text.match(/^cpu\d+ /gm) ?? []).length;
    return {
      busySeconds: (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS_PER_SECOND,
      cores,
    };
  } catch {
    return null;
  }
}

/** `GET /health/detailed`: the figures, or why there are none (for the report). */
export type HealthReading = { ok: true; health: ServerHealth } | { ok: false; why: string };

/** `GET /health/detailed`, with `token` as the Bearer token when there is one. */
export async function fetchHealth(url: string, token: string | null): Promise<HealthReading> {
  try {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(`${url}/health/detailed`, { headers });
    if (!response.ok) {
      await response.body?.cancel();
      const why = response.status === 401
        ? "401: the server wants its HEALTH_TOKEN; pass it with --health-token"
        : `${response.status}`;
      return { ok: false, why };
    }
    return { ok: true, health: await response.json() as ServerHealth };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
}

/** CPU used over a measuring window, from {@link startWindow}. */
export interface WindowReading {
  wallSeconds: number;
  /** This process (the load tester), from `process.cpuUsage()`. */
  testerCpuSeconds: number;
  /** The server process, when its pid is known. */
  serverCpuSeconds: number | null;
  /** Every process on the machine, every core; null off Linux. */
  machineBusySeconds: number | null;
  cores: number;
}

/**
 * Starts measuring CPU over a window; `read()` gives the figures from the start until now.
 *
 * @example
 * ```ts
 * const window = startWindow(server);
 * // ... load ...
 * const { testerCpuSeconds, wallSeconds } = window.read();
 * ```
 */
export function startWindow(
  server?: { cpuSeconds(): number },
): { startedAt: number; read(): WindowReading } {
  const machine0 = readMachineCpu();
  const tester0 = testerCpuSeconds();
  const server0 = server?.cpuSeconds() ?? null;
  const startedAt = performance.now();
  return {
    startedAt,
    read() {
      const machine1 = readMachineCpu();
      return {
        wallSeconds: (performance.now() - startedAt) / 1000,
        testerCpuSeconds: testerCpuSeconds() - tester0,
        serverCpuSeconds: server && server0 !== null ? server.cpuSeconds() - server0 : null,
        machineBusySeconds: machine0 && machine1
          ? machine1.busySeconds - machine0.busySeconds
          : null,
        cores: machine1?.cores ?? 0,
      };
    },
  };
}

/** User plus system CPU seconds of this process. */
export function testerCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
