/** A Preact hook that counts whole seconds down to a deadline. */
import { useEffect, useState } from "preact/hooks";

/**
 * Seconds left until `deadline` (on the scale of `now`), rounded up and never negative; `null`
 * without a deadline. Re-renders four times a second while a deadline is set.
 */
export function useCountdown(deadline: number | null, now: () => number): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 250);
    return () => clearInterval(timer);
  }, [deadline]);
  if (deadline === null) return null;
  return Math.max(0, Math.ceil((deadline - now()) / 1000));
}
