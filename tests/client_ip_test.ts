import assert from "node:assert/strict";
import { clientIp, rateLimitKey } from "../lib/client_ip.ts";

const PROXY = "10.0.0.2";

Deno.test("clientIp() trusts only the connecting address when no proxy is trusted", () => {
  assert.equal(clientIp("203.0.113.7", null, 0), "203.0.113.7");
  assert.equal(clientIp("203.0.113.7", "6.6.6.6", 0), "203.0.113.7", "the header is ignored");
});

Deno.test("clientIp() ignores entries a client forged in X-Forwarded-For", async (t) => {
  await t.step("one trusted proxy: the entry it appended is used", () => {
    assert.equal(clientIp(PROXY, "6.6.6.6, 203.0.113.7", 1), "203.0.113.7");
    assert.equal(clientIp(PROXY, "1.1.1.1, 2.2.2.2, 6.6.6.6, 203.0.113.7", 1), "203.0.113.7");
  });
  await t.step("two trusted proxies: the entry the outer one appended is used", () => {
    assert.equal(clientIp(PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.1", 2), "203.0.113.7");
  });
  await t.step("an honest client behind one proxy", () => {
    assert.equal(clientIp(PROXY, "203.0.113.7", 1), "203.0.113.7");
  });
  await t.step("spaces and repeated headers joined by the runtime", () => {
    assert.equal(clientIp(PROXY, " 6.6.6.6 ,203.0.113.7 ", 1), "203.0.113.7");
  });
});

Deno.test("clientIp() takes the leftmost entry when the list is shorter than trustedHops", () => {
  assert.equal(clientIp(PROXY, "203.0.113.7", 3), "203.0.113.7");
  assert.equal(clientIp(PROXY, null, 1), PROXY, "no header: the connecting address");
  assert.equal(clientIp(PROXY, "", 1), PROXY, "an empty header is not an address");
});

Deno.test("clientIp() falls back to remoteAddr when the chosen entry is not an IP", async (t) => {
  for (
    const garbage of [
      "unknown",
      "_hidden",
      "example.com",
      "256.1.1.1",
      "1.2.3",
      "01.2.3.4",
      "1:2:3",
      "::1::2",
      "[::1",
      "1.2.3.4:99999",
      "<script>",
    ]
  ) {
    await t.step(JSON.stringify(garbage), () => {
      assert.equal(clientIp(PROXY, `${garbage}, ${PROXY}`, 2), PROXY);
      assert.equal(clientIp(PROXY, garbage, 1), PROXY);
    });
  }
});

Deno.test("clientIp() strips brackets and ports", async (t) => {
  for (
    const [raw, expected] of [
      ["[::1]:443", "::1"],
      ["[2001:DB8::1]", "2001:db8::1"],
      ["1.2.3.4:5", "1.2.3.4"],
      ["2001:db8::1", "2001:db8::1"],
      ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
    ] as const
  ) {
    await t.step(raw, () => {
      assert.equal(clientIp(PROXY, raw, 1), expected);
      assert.equal(clientIp(raw, null, 0), expected, "the connecting address too");
    });
  }
});

Deno.test("rateLimitKey() keeps IPv4 and reduces IPv6 to its /64", async (t) => {
  for (
    const [ip, expected] of [
      ["203.0.113.7", "203.0.113.7"],
      ["::ffff:203.0.113.7", "203.0.113.7"],
      ["::FFFF:cb00:7107", "203.0.113.7"],
      ["0:0:0:0:0:ffff:203.0.113.7", "203.0.113.7"],
      ["2001:db8:0:1::1", "2001:db8:0:1::/64"],
      ["2001:0DB8:0000:0001:aaaa:bbbb:cccc:dddd", "2001:db8:0:1::/64"],
      ["2001:db8::", "2001:db8::/64"],
      ["2001:db8::1:2:3:4", "2001:db8::/64"],
      ["fe80::1", "fe80::/64"],
      ["::1", "::/64"],
      ["1:2:3:4:5:6:7:8", "1:2:3:4::/64"],
      ["not an ip", "not an ip"],
    ] as const
  ) {
    await t.step(ip, () => assert.equal(rateLimitKey(ip), expected));
  }
});

Deno.test("rateLimitKey() gives every address in one /64 the same key", () => {
  const keys = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    keys.add(rateLimitKey(`2001:db8:aa:bb:${i.toString(16)}:${(i * 7).toString(16)}::${i}`));
  }
  assert.deepEqual([...keys], ["2001:db8:aa:bb::/64"]);
  assert.notEqual(rateLimitKey("2001:db8:aa:bc::1"), "2001:db8:aa:bb::/64");
});
