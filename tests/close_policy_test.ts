import assert from "node:assert/strict";
import { closeOutcome } from "../lib/close_policy.ts";

Deno.test("closeOutcome() decides from the reason, the in-band error, then the code", () => {
  assert.deepEqual(closeOutcome(4003, "lobby_full"), { reason: "lobby_full", retry: true });
  assert.deepEqual(closeOutcome(4003, ""), { reason: "server_full", retry: true });
  assert.deepEqual(closeOutcome(1006, "", "server_full"), { reason: "server_full", retry: true });
  assert.deepEqual(closeOutcome(1006, "", "rate_limited"), {
    reason: "rate_limited",
    retry: false,
  });
  assert.deepEqual(closeOutcome(1006, "", "bad_position"), {
    reason: "connection_lost",
    retry: true,
  });
  assert.deepEqual(closeOutcome(1011, ""), { reason: "connection_lost", retry: true });
  assert.deepEqual(closeOutcome(4008, ""), { reason: "slow_consumer", retry: true });
  assert.deepEqual(closeOutcome(1008, "invalid_messages"), {
    reason: "invalid_messages",
    retry: false,
  });
});
