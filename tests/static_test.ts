import assert from "node:assert/strict";
import { staticRoutes } from "../routes/static.ts";

Deno.test("staticRoutes() serves files with their content type and no-cache", async (t) => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/build`);
    await Deno.writeTextFile(`${root}/style.css`, "body{}");
    await Deno.writeTextFile(`${root}/build/islands.js`, "export {};");
    const app = staticRoutes({ root: new URL(`file://${root}/`) });

    await t.step("a stylesheet and the bundle", async () => {
      const css = await app.request("/static/style.css");
      assert.equal(css.status, 200);
      assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
      assert.equal(await css.text(), "body{}");
      const js = await app.request("/static/build/islands.js");
      assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert.equal(js.headers.get("cache-control"), "no-cache");
      await js.body?.cancel();
    });

    await t.step("a matching ETag gets 304", async () => {
      const first = await app.request("/static/style.css");
      await first.body?.cancel();
      const etag = first.headers.get("etag")!;
      const again = await app.request("/static/style.css", { headers: { "if-none-match": etag } });
      assert.equal(again.status, 304);
    });

    await t.step("paths that try to leave the folder are 404", async () => {
      for (
        const path of [
          "/static/../deno.json",
          "/static/%2e%2e/deno.json",
          "/static/build%2f..%2f..%2fdeno.json",
          "/static/build/",
          "/static/build",
          "/static/missing.css",
          "/static/%E0%A4%A",
        ]
      ) {
        const response = await app.request(path);
        assert.equal(response.status, 404, path);
        await response.body?.cancel();
      }
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
