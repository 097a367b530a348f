import assert from "node:assert/strict";
import { CloseCode } from "../lib/protocol.ts";
import { TrafficStats } from "../lib/traffic_stats.ts";

Deno.test("TrafficStats.recordClose() keeps registered and own close codes apart", () => {
  const traffic = new TrafficStats();
  traffic.recordClose(1000);
  traffic.recordClose(1006);
  traffic.recordClose(CloseCode.Full);
  traffic.recordClose(CloseCode.Full);
  assert.deepEqual([...traffic.closesByCode()], [[1000, 1], [1006, 1], [4003, 2]]);
});

Deno.test("TrafficStats.recordClose() folds codes a peer invents into one 'other' entry", () => {
  const traffic = new TrafficStats();
  const ours: number[] = Object.values(CloseCode);
  let invented = 0;
  // A client may close with any code in 3000..4999; thousands of them must not become thousands
  // of label values on /metrics.
  for (let code = 3000; code <= 4999; code++) {
    if (ours.includes(code)) continue;
    traffic.recordClose(code);
    invented++;
  }
  for (const odd of [1016, 2999, -1, Number.NaN]) {
    traffic.recordClose(odd);
    invented++;
  }
  assert.deepEqual([...traffic.closesByCode()], [[0, invented]]);
});

Deno.test("TrafficStats.recordPeerClose() keeps registered codes and folds a peer's 4000s", () => {
  const traffic = new TrafficStats();
  traffic.recordPeerClose(1000);
  traffic.recordPeerClose(1006);
  for (const ours of Object.values(CloseCode)) if (ours >= 4000) traffic.recordPeerClose(ours);
  assert.deepEqual([...traffic.closesByCode()], [[1000, 1], [1006, 1], [0, 5]]);
});
