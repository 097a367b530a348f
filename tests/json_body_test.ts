import assert from "node:assert/strict";
import { AppError } from "../lib/errors.ts";
import { readJsonObject } from "../lib/json_body.ts";

const MAX = 64;
const LIMITS = { maxBytes: MAX, timeoutMs: 5_000 };

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/lobbies", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

/** A body of `chunks` streamed without a Content-Length; records whether it was cancelled. */
function streamed(chunks: string[]): { request: Request; pulled: () => number } {
  const encoder = new TextEncoder();
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(encoder.encode(chunks[pulled++]!));
    },
  }, { highWaterMark: 0 }); // pulled only when read
  const request = new Request("http://localhost/api/lobbies", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: stream,
  });
  assert.equal(request.headers.get("content-length"), null);
  return { request, pulled: () => pulled };
}

async function assertRejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

Deno.test("readJsonObject() returns the object of a small JSON body", async (t) => {
  for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON"]) {
    await t.step(type, async () => {
      const body = await readJsonObject(
        post('{"name":"Ada","n":1}', { "content-type": type }),
        LIMITS,
      );
      assert.deepEqual(body, { name: "Ada", n: 1 });
    });
  }
});

Deno.test("readJsonObject() answers 415 for other content types", async (t) => {
  for (
    const type of [
      null,
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
      "application/json; charset=utf-16",
      "application/json; charset=latin1",
    ]
  ) {
    await t.step(String(type), async () => {
      const request = new Request("http://localhost/", {
        method: "POST",
        body: '{"name":"Ada"}',
        headers: type === null ? {} : { "content-type": type },
      });
      if (type === null) request.headers.delete("content-type");
      await assertRejectsWith(readJsonObject(request, LIMITS), 415, "unsupported_media_type");
    });
  }
});

Deno.test("readJsonObject() answers 413 for a body declared too large by Content-Length, unread", async () => {
  const { request, pulled } = streamed(['{"name":"', "x".repeat(MAX), '"}']);
  request.headers.set("content-length", String(MAX + 100));
  await assertRejectsWith(readJsonObject(request, LIMITS), 413, "payload_too_large");
  assert.equal(pulled(), 0, "refused on the declared length, before reading");
  await request.body?.cancel();
});

Deno.test("readJsonObject() answers 413 for a streamed body without Content-Length, reading no further", async () => {
  const { request, pulled } = streamed([
    '{"name":"',
    "x".repeat(40),
    "x".repeat(40),
    "x".repeat(40),
    '"}',
  ]);
  await assertRejectsWith(readJsonObject(request, LIMITS), 413, "payload_too_large");
  assert.equal(pulled(), 3, "stopped reading at the chunk that crossed the limit");
});

Deno.test("readJsonObject() accepts a streamed body of exactly the limit", async () => {
  const json = JSON.stringify({ name: "y".repeat(MAX - 11) });
  assert.equal(json.length, MAX);
  const { request } = streamed([json.slice(0, 10), json.slice(10)]);
  assert.deepEqual(await readJsonObject(request, LIMITS), { name: "y".repeat(MAX - 11) });
});

Deno.test("readJsonObject() does not trust a Content-Length that undercounts", async () => {
  const { request } = streamed(["x".repeat(MAX + 1)]);
  request.headers.set("content-length", "2");
  await assertRejectsWith(readJsonObject(request, LIMITS), 413, "payload_too_large");
});

Deno.test("readJsonObject() answers 400 invalid_json for bytes that are not JSON", async (t) => {
  for (
    const [label, body] of [
      ["empty", ""],
      ["truncated", '{"name":'],
      ["single quotes", "{'name':'Ada'}"],
      ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
    ] as const
  ) {
    await t.step(label, async () => {
      await assertRejectsWith(readJsonObject(post(body), LIMITS), 400, "invalid_json");
    });
  }
  await t.step("no body at all", async () => {
    await assertRejectsWith(readJsonObject(post(null), LIMITS), 400, "invalid_json");
  });
});

Deno.test("readJsonObject() answers 400 bad_request for JSON that is not an object", async (t) => {
  for (const body of ["[]", '["name"]', "null", "42", '"Ada"', "true"]) {
    await t.step(body, async () => {
      await assertRejectsWith(readJsonObject(post(body), LIMITS), 400, "bad_request");
    });
  }
});

Deno.test("readJsonObject() with a __proto__ key pollutes no prototype", async () => {
  const body = await readJsonObject(
    post('{"__proto__":{"polluted":true,"isAdmin":true},"name":"Ada"}'),
    { ...LIMITS, maxBytes: MAX * 2 },
  );
  assert.equal(Object.getPrototypeOf(body), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  assert.equal(body.isAdmin, undefined, "the object did not inherit the injected keys");
  assert.ok(Object.hasOwn(body, "__proto__"), "it is only an own, inert key");
  assert.equal(body.name, "Ada");
});

Deno.test("readJsonObject() answers 408 for a body that stops arriving, and stops waiting", async () => {
  const stalled = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name":'));
      // ... and nothing more, ever.
    },
  });
  const request = post(stalled);
  await assertRejectsWith(
    readJsonObject(request, { maxBytes: MAX, timeoutMs: 50 }),
    408,
    "request_timeout",
  );
});

Deno.test("readJsonObject() answers 400 bad_request for a body the client abandoned", async () => {
  const abandoned = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name":'));
      controller.error(new Error("connection reset"));
    },
  });
  await assertRejectsWith(readJsonObject(post(abandoned), LIMITS), 400, "bad_request");
});
