/**
 * Bundles the browser entry `islands/main.ts` into `static/build/islands.js` with
 * `deno bundle`. Skips the work when the bundle is newer than every file under `islands/` and
 * `lib/` (and `deno.json`), so a second `deno task start` starts at once; `--force` rebuilds.
 *
 * The bundle is written beside its final name and then renamed over it, so a server running
 * during a build never serves half a file.
 *
 * @example
 * ```sh
 * deno task build            # builds when something changed
 * deno task build --force    # always builds
 * ```
 */

const _ROOT = new URL("../", import.meta.url);
const _ENTRY = "islands/main.ts";
const _OUTPUT = "static/build/islands.js";
const _SOURCES = ["islands/", "lib/", "deno.json"];

/** What {@link buildIslands} did. */
export interface BuildResult {
  built: boolean;
  /** Path of the bundle, relative to the project root. */
  output: string;
  bytes: number;
}

/** Builds the islands bundle unless it is up to date (or `force` is set). */
export async function buildIslands(options: { force?: boolean } = {}): Promise<BuildResult> {
  const outputUrl = new URL(_OUTPUT, _ROOT);
  const bundleTime = await _mtime(outputUrl);
  if (!options.force && bundleTime !== null) {
    const newest = await _newestSource();
    if (newest < bundleTime) {
      return { built: false, output: _OUTPUT, bytes: (await Deno.stat(outputUrl)).size };
    }
  }
  await Deno.mkdir(new URL(".", outputUrl), { recursive: true });
  const temporary = `${_OUTPUT}.${crypto.randomUUID()}.tmp`;
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "--minify", "--output", temporary, _ENTRY],
    cwd: _ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    await Deno.remove(new URL(temporary, _ROOT)).catch(() => {});
    throw new Error(`deno bundle failed with exit code ${code}`);
  }
  await Deno.rename(new URL(temporary, _ROOT), outputUrl);
  return { built: true, output: _OUTPUT, bytes: (await Deno.stat(outputUrl)).size };
}

async function _newestSource(): Promise<number> {
  let newest = 0;
  for (const source of _SOURCES) {
    const url = new URL(source, _ROOT);
    if (source.endsWith("/")) {
      for await (const time of _mtimesUnder(url)) newest = Math.max(newest, time);
    } else {
      newest = Math.max(newest, (await _mtime(url)) ?? 0);
    }
  }
  return newest;
}

async function* _mtimesUnder(dir: URL): AsyncGenerator<number> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.isDirectory ? `${entry.name}/` : entry.name, dir);
    if (entry.isDirectory) yield* _mtimesUnder(url);
    else if (entry.isFile) yield (await _mtime(url)) ?? 0;
  }
}

async function _mtime(url: URL): Promise<number | null> {
  try {
    return (await Deno.stat(url)).mtime?.getTime() ?? null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

if (import.meta.main) {
  const started = performance.now();
  try {
    const result = await buildIslands({ force: Deno.args.includes("--force") });
    const kib = (result.bytes / 1024).toFixed(1);
    const ms = Math.round(performance.now() - started);
    console.log(
      result.built
        ? `Built ${result.output} (${kib} KiB) in ${ms} ms`
        : `${result.output} is up to date (${kib} KiB); --force rebuilds`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(1);
  }
}
