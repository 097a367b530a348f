/**
 * `GET /static/*`: files from the `static/` folder with the right content type. Everything is
 * sent with `Cache-Control: no-cache` and an ETag, so a browser revalidates (a cheap 304) and a
 * rebuilt bundle with its fixed name is picked up at once.
 *
 * The path is decoded once and every segment checked, so `..`, encoded slashes and the like can
 * never leave the folder.
 */
import { Hono } from "hono";
import { answerWrongMethods } from "./wrong_method.ts";

/** Options of {@link staticRoutes}. */
export interface StaticOptions {
  /** The folder to serve; `static/` beside `routes/` by default. */
  root?: URL;
}

const _DEFAULT_ROOT = new URL("../static/", import.meta.url);

const _TYPES: Readonly<Record<string, string>> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  map: "application/json; charset=utf-8",
  json: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  webp: "image/webp",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
  webmanifest: "application/manifest+json",
};

/** Routes serving the static folder under `/static/`. */
export function staticRoutes(options: StaticOptions = {}): Hono {
  const root = options.root ?? _DEFAULT_ROOT;
  const app = new Hono();

  app.get("/static/*", async (c) => {
    const file = _resolve(root, new URL(c.req.url).pathname.slice("/static/".length));
    if (file === null) return c.notFound();
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(file);
    } catch {
      return c.notFound();
    }
    if (!info.isFile) return c.notFound();
    const etag = `W/"${info.size.toString(36)}-${(info.mtime?.getTime() ?? 0).toString(36)}"`;
    const headers = {
      "content-type": _TYPES[_extension(file.pathname)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      etag,
    };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    // HEAD is routed here too; reading the file only for GET keeps no stream dangling.
    if (c.req.method === "HEAD") {
      return c.body(null, 200, { ...headers, "content-length": String(info.size) });
    }
    return c.body(await Deno.readFile(file), 200, headers);
  });

  answerWrongMethods(app, [["/static/*", "GET, HEAD"]]);
  return app;
}

/** The file under `root` for a URL path, or null when the path is not a plain relative one. */
function _resolve(root: URL, encodedPath: string): URL | null {
  let segments: string[];
  try {
    segments = encodedPath.split("/").map(decodeURIComponent);
  } catch {
    return null;
  }
  const bad = (s: string) => s === "" || s === "." || s === ".." || /[\\/\0]/.test(s);
  if (segments.length === 0 || segments.some(bad)) return null;
  return new URL(segments.map(encodeURIComponent).join("/"), root);
}

function _extension(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(dot + 1).toLowerCase();
}
