/**
 * Summarizes a V8 `.cpuprofile` (what `deno run --cpu-prof` writes): self time per function,
 * largest first, and self time per kind of code (the app, Deno's runtime, ops, GC), optionally
 * only between two offsets from the start of the profile (a benchmark's measuring window).
 *
 * @example
 * ```ts
 * const profile = JSON.parse(await Deno.readTextFile("server.cpuprofile"));
 * const { rows, categories } = summarizeProfile(profile, { limit: 10 });
 * for (const row of rows) console.log(row.percent, row.name, row.location);
 * ```
 */

/** The parts of a `.cpuprofile` used here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** One function's self time. */
export interface SelfTimeRow {
  name: string;
  /** `file:line` (1-based), shortened to the repository or the Deno extension. */
  location: string;
  category: Category;
  selfMs: number;
  /** Share of the busy (non-idle) sampled time. */
  percent: number;
}

/** Kinds of code a sample can land in. */
export type Category =
  | "idle"
  | "gc"
  | "program"
  | "deno op"
  | "deno runtime js"
  | "app"
  | "npm"
  | "other";

/** What {@link summarizeProfile} returns. */
export interface ProfileSummary {
  rows: SelfTimeRow[];
  /** Busy (non-idle) time per category, in ms, largest first. */
  categories: { category: Category; ms: number; percent: number }[];
  sampledMs: number;
  idleMs: number;
}

/** Self time per function and per category; see the module doc. */
export function summarizeProfile(
  profile: CpuProfile,
  options: { limit?: number; fromMs?: number; toMs?: number } = {},
): ProfileSummary {
  const limit = options.limit ?? 20;
  const fromUs = (options.fromMs ?? 0) * 1000;
  const toUs = (options.toMs ?? Infinity) * 1000;
  const byNode = new Map<number, CpuProfile["nodes"][number]>();
  for (const node of profile.nodes) byNode.set(node.id, node);
  const byFunction = new Map<
    string,
    { name: string; location: string; category: Category; us: number }
  >();
  const byCategory = new Map<Category, number>();
  let sampledUs = 0;
  let idleUs = 0;
  let clockUs = 0;
  // timeDeltas[i] is the time before sample i; it is charged to the function sampled then.
  for (let i = 0; i < profile.samples.length; i++) {
    const us = Math.max(0, profile.timeDeltas[i] ?? 0);
    clockUs += us;
    if (clockUs < fromUs || clockUs > toUs) continue;
    const node = byNode.get(profile.samples[i]!);
    if (!node) continue;
    sampledUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const category = categorize(functionName, url);
    if (category === "idle") {
      idleUs += us;
      continue;
    }
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const name = functionName || "(anonymous)";
    const location = url ? `${shortenUrl(url)}:${lineNumber + 1}` : "";
    const key = `${name}\u0000${location}`;
    const row = byFunction.get(key);
    if (row) row.us += us;
    else byFunction.set(key, { name, location, category, us });
  }
  const busyUs = sampledUs - idleUs;
  const percent = (us: number) => (busyUs === 0 ? 0 : Math.round((1000 * us) / busyUs) / 10);
  return {
    rows: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, limit)
      .map(({ us, ...r }) => ({ ...r, selfMs: Math.round(us / 100) / 10, percent: percent(us) })),
    categories: [...byCategory.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, ms: Math.round(us / 1000), percent: percent(us) })),
    sampledMs: Math.round(sampledUs / 1000),
    idleMs: Math.round(idleUs / 1000),
  };
}

/** Which kind of code a profile frame belongs to. */
export function categorize(functionName: string, url: string): Category {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(program)") return "program";
  if (functionName.startsWith("op_")) return "deno op";
  if (url.startsWith("ext:") || url.startsWith("node:")) return "deno runtime js";
  if (url.includes("/node_modules/") || url.includes("/registry.npmjs.org/")) return "npm";
  if (/\/(lib|routes|tools)\/|\/main\.ts$/.test(url)) return "app";
  // Native functions (crypto digest, JSON) show with no url.
  return "other";
}

/** `file:///work/main/lib/hub.ts` -> `lib/hub.ts`; npm packages keep their package path. */
export function shortenUrl(url: string): string {
  for (const marker of ["/node_modules/", "/registry.npmjs.org/"]) {
    const at = url.lastIndexOf(marker);
    if (at >= 0) return url.slice(at + marker.length);
  }
  for (const dir of ["/lib/", "/routes/", "/tools/", "/main.ts"]) {
    const at = url.lastIndexOf(dir);
    if (at >= 0 && url.startsWith("file://")) return url.slice(at + 1);
  }
  return url;
}
