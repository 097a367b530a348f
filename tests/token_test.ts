import assert from "node:assert/strict";
import { claimedPlayerId, issueToken, verifyToken } from "../lib/token.ts";

/** `token` with the character at `index` replaced by another base64url character. */
function tamperAt(token: string, index: number): string {
  const swapped = token[index] === "A" ? "B" : "A";
  return token.slice(0, index) + swapped + token.slice(index + 1);
}

Deno.test("verifyToken() accepts the token issued with the player id and hash", async () => {
  const issued = await issueToken();
  assert.equal(await verifyToken(issued.token, issued.playerId, issued.secretHash), true);
});

Deno.test("issueToken() makes a different player id and secret every time", async () => {
  const a = await issueToken();
  const b = await issueToken();
  assert.notEqual(a.playerId, b.playerId);
  assert.notEqual(a.token, b.token);
  assert.notEqual(a.secretHash, b.secretHash);
  assert.ok(!a.token.includes(a.secretHash), "the stored hash is not the secret");
});

Deno.test("verifyToken() rejects a token issued to another player", async () => {
  const mine = await issueToken();
  const theirs = await issueToken();
  // The right secret, presented for another player id, in either direction.
  assert.equal(await verifyToken(mine.token, theirs.playerId, mine.secretHash), false);
  const secret = mine.token.split(".")[1];
  const renamed = `${theirs.playerId}.${secret}`;
  assert.equal(await verifyToken(renamed, mine.playerId, mine.secretHash), false);
  assert.equal(await verifyToken(theirs.token, mine.playerId, mine.secretHash), false);
  assert.equal(await verifyToken(theirs.token, theirs.playerId, mine.secretHash), false);
  // Claiming my id with their secret does not work either.
  const forged = `${mine.playerId}.${theirs.token.split(".")[1]}`;
  assert.equal(await verifyToken(forged, mine.playerId, mine.secretHash), false);
});

Deno.test("verifyToken() rejects a tampered secret", async (t) => {
  const issued = await issueToken();
  const dot = issued.token.indexOf(".");
  for (const index of [dot + 1, dot + 20, issued.token.length - 1]) {
    await t.step(`character ${index} changed`, async () => {
      const tampered = tamperAt(issued.token, index);
      assert.notEqual(tampered, issued.token);
      assert.equal(await verifyToken(tampered, issued.playerId, issued.secretHash), false);
    });
  }
});

Deno.test("verifyToken() rejects garbage", async (t) => {
  const issued = await issueToken();
  for (
    const garbage of [
      "",
      ".",
      issued.playerId,
      `${issued.playerId}.`,
      `${issued.token}x`,
      `${issued.token}.`,
      ` ${issued.token}`,
      issued.token.replace(".", ":"),
      `${issued.playerId}.${"=".repeat(43)}`,
      issued.secretHash,
    ]
  ) {
    await t.step(JSON.stringify(garbage), async () => {
      assert.equal(await verifyToken(garbage, issued.playerId, issued.secretHash), false);
    });
  }
});

Deno.test("claimedPlayerId() reads the player id of a well-formed token, null otherwise", async () => {
  const issued = await issueToken();
  assert.equal(claimedPlayerId(issued.token), issued.playerId);
  assert.equal(claimedPlayerId(tamperAt(issued.token, issued.token.length - 1)), issued.playerId);
  assert.equal(claimedPlayerId(""), null);
  assert.equal(claimedPlayerId("not-a-token"), null);
  assert.equal(claimedPlayerId(`${issued.token}extra`), null);
  assert.equal(claimedPlayerId(issued.token.slice(0, -1)), null);
});
