/**
 * Numbers of the operator status page in words a person reads at a glance: uptime as
 * "3 h 05 min", rates as "12.5/s", ratios as "87%". Pure and browser-safe; the output does not
 * depend on the browser's locale, so the page reads the same everywhere (and tests can match it).
 *
 * @example
 * ```ts
 * formatDuration(3_930); // "1 h 05 min"
 * formatRate(0.25); // "0.25/s"
 * formatPercent(0.875); // "87.5%"
 * ```
 *
 * @module
 */

const _MINUTE = 60;
const _HOUR = 60 * _MINUTE;
const _DAY = 24 * _HOUR;

/** A duration in seconds as its two largest units ("2 d 4 h", "4 min 07 s", "12 s"). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < _MINUTE) return `${s} s`;
  if (s < _HOUR) return `${Math.floor(s / _MINUTE)} min ${pad(s % _MINUTE)} s`;
  if (s < _DAY) return `${Math.floor(s / _HOUR)} h ${pad(Math.floor((s % _HOUR) / _MINUTE))} min`;
  return `${Math.floor(s / _DAY)} d ${Math.floor((s % _DAY) / _HOUR)} h`;
}

/**
 * A number with thousands separators and at most `digits` decimals (trailing zeros dropped):
 * `formatNumber(12345.678, 1)` is "12,345.7".
 */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "–";
  const fixed = value.toFixed(digits);
  const [whole = "0", fraction = ""] = fixed.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.replace(/0+$/, "");
  const result = `${sign}${grouped}${trimmed ? `.${trimmed}` : ""}`;
  return result === "-0" ? "0" : result;
}

/** A per-second rate with precision that suits its size ("0.25/s", "3.5/s", "1,250/s"). */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return "–";
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${formatNumber(perSecond, digits)}/s`;
}

/** A ratio (0..1) as a percentage with at most one decimal ("87.5%"). */
export function formatPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${formatNumber(ratio * 100, 1)}%` : "–";
}
