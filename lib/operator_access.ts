/**
 * Who may read the operator endpoints (`/health/detailed`, `/metrics`): a caller with
 * `Authorization: Bearer $HEALTH_TOKEN`, or, when no token is configured, a loopback caller
 * that did not come through a proxy (behind a local proxy every client looks like loopback) and
 * that asked for a loopback host.
 *
 * @example
 * ```ts
 * isOperator(request, "127.0.0.1", ""); // true: loopback, no token configured
 * ```
 */

/** True when the request may see operator figures. */
export function isOperator(request: Request, remoteIp: string, healthToken: string): boolean {
  if (healthToken !== "") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
    return match !== null && _constantTimeEqual(match[1]!, healthToken);
  }
  const proxied = ["x-forwarded-for", "forwarded", "x-real-ip", "via"]
    .some((name) => request.headers.has(name));
  // A page elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and so reach us from
  // the operator's own browser; such a request names that page's host, not ours.
  return !proxied && isLoopback(remoteIp) && _isLoopbackHost(request.headers.get("host"));
}

/** True for a `Host` of localhost or a loopback address, with or without a port. */
function _isLoopbackHost(host: string | null): boolean {
  if (host === null) return false;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  return name === "localhost" || name.endsWith(".localhost") || isLoopback(name);
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function _constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return diff === 0;
}
