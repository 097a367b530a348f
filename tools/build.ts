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
 * deno task build --watch    # builds, then rebuilds on every change (deno task dev uses it)
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
    // --quiet: our own line reports the build; errors are still printed.
    args: ["bundle", "--quiet", "--platform", "browser", "--minify", "--output", temporary, _ENTRY],
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

/**
 * Rebuilds whenever a file under the sources changes, until the process ends. Changes that
 * arrive together (an editor saving several files) make one build, and builds never overlap: a
 * change during a build makes one more afterwards, so an older build cannot land last.
 */
export async function watchIslands(report: (result: BuildResult, ms: number) => void) {
  const watcher = Deno.watchFs(_SOURCES.map((source) => new URL(source, _ROOT).pathname));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let building = false;
  let dirty = false;
  const build = async () => {
    if (building) {
      dirty = true;
      return;
    }
    building = true;
    do {
      dirty = false;
      await _buildAndReport({ force: true }, report);
    } while (dirty);
    building = false;
  };
  for await (const event of watcher) {
    // The bundle's own temporary file is not under the sources, but an editor's swap file is.
    if (event.paths.every((path) => /(~|\.swp|\.tmp)$/.test(path))) continue;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), 100);
  }
}

async function _buildAndReport(
  options: { force?: boolean },
  report: (result: BuildResult, ms: number) => void,
): Promise<boolean> {
  const started = performance.now();
  try {
    report(await buildIslands(options), Math.round(performance.now() - started));
    return true;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return false;
  }
}

if (import.meta.main) {
  const report = (result: BuildResult, ms: number) => {
    const kib = (result.bytes / 1024).toFixed(1);
    console.log(
      result.built
        ? `Built ${result.output} (${kib} KiB) in ${ms} ms`
        : `${result.output} is up to date (${kib} KiB); --force rebuilds`,
    );
  };
  const ok = await _buildAndReport({ force: Deno.args.includes("--force") }, report);
  if (Deno.args.includes("--watch")) {
    console.log("Watching islands/ and lib/; the bundle rebuilds on change (reload the page).");
    await watchIslands(report);
  } else if (!ok) {
    Deno.exit(1);
  }
}
