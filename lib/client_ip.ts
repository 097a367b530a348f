/**
 * Which address a request came from, and which key to rate-limit it under.
 *
 * Behind proxies the client's address is in `X-Forwarded-For`, but a client can send that header
 * itself, so only the entries appended by proxies we run are believed: with `trustedHops` proxies
 * in front of us, the client is the entry `trustedHops` places left of the connecting address.
 *
 * @example
 * ```ts
 * const ip = clientIp(info.remoteAddr.hostname, req.headers.get("x-forwarded-for"), 1);
 * limiter.check(rateLimitKey(ip));
 * ```
 */

/**
 * The client's address: `remoteAddr` when no proxy is trusted, else the `X-Forwarded-For` entry
 * added by the outermost trusted proxy. Brackets and ports are stripped. An entry that is not an
 * IP address means a proxy is misconfigured or the header is forged, so `remoteAddr` is used.
 *
 * @example
 * ```ts
 * // The client forged "6.6.6.6"; our one proxy appended the real address and connected to us.
 * clientIp("10.0.0.2", "6.6.6.6, 203.0.113.7", 1); // "203.0.113.7"
 * clientIp("10.0.0.2", null, 0);                   // "10.0.0.2"
 * ```
 */
export function clientIp(
  remoteAddr: string,
  forwardedFor: string | null,
  trustedHops: number,
): string {
  const remote = _parseAddress(remoteAddr) ?? remoteAddr;
  if (!(trustedHops > 0)) return remote;
  const hops = forwardedFor === null ? [] : forwardedFor.split(",").map((hop) => hop.trim());
  hops.push(remoteAddr);
  const chosen = hops[Math.max(hops.length - 1 - trustedHops, 0)]!;
  return _parseAddress(chosen) ?? remote;
}

/**
 * The key a client is rate-limited under. An IPv6 host usually owns a whole /64 and can rotate
 * through it at will, so IPv6 addresses are limited per /64; IPv4-mapped IPv6 is plain IPv4.
 * Anything that is not an IP address is returned unchanged.
 *
 * @example
 * ```ts
 * rateLimitKey("203.0.113.7");                // "203.0.113.7"
 * rateLimitKey("::ffff:203.0.113.7");         // "203.0.113.7"
 * rateLimitKey("2001:DB8:0:1:aaaa::1");       // "2001:db8:0:1::/64"
 * ```
 */
export function rateLimitKey(ip: string): string {
  if (_isIpv4(ip)) return ip;
  const groups = _parseIpv6(ip);
  if (groups === null) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${_formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/** The bare address in `raw` ("[::1]:443" -> "::1", "1.2.3.4:5" -> "1.2.3.4"), or null. */
function _parseAddress(raw: string): string | null {
  let host = raw.trim();
  let port = "";
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end < 0) return null;
    port = host.slice(end + 1);
    host = host.slice(1, end);
  } else if (host.indexOf(":") === host.lastIndexOf(":") && host.includes(":")) {
    // One colon is host:port; bare IPv6 always has at least two.
    port = host.slice(host.indexOf(":"));
    host = host.slice(0, host.indexOf(":"));
  }
  if (port !== "" && !(/^:\d{1,5}$/.test(port) && Number(port.slice(1)) <= 65535)) return null;
  if (_isIpv4(host)) return host;
  return _parseIpv6(host) === null ? null : host.toLowerCase();
}

function _isIpv4(text: string): boolean {
  // Leading zeros are refused: some parsers read "010" as octal, so its meaning is ambiguous.
  return /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(text);
}

/** The eight 16-bit groups of an IPv6 address, or null when `text` is not one. */
function _parseIpv6(text: string): number[] | null {
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parts = halves.map((half) => (half === "" ? [] : half.split(":")));
  const groups: number[][] = [];
  for (const [index, half] of parts.entries()) {
    const out: number[] = [];
    for (const [i, part] of half.entries()) {
      const isLast = index === parts.length - 1 && i === half.length - 1;
      if (isLast && _isIpv4(part)) {
        const [a, b, c, d] = part.split(".").map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    groups.push(out);
  }
  const [head = [], tail = []] = groups;
  if (parts.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of 2+ zero groups as "::". */
function _formatIpv6(groups: number[]): string {
  let [bestStart, bestLength] = [-1, 1];
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLength).join(":");
  return `${head}::${tail}`;
}
