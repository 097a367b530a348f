/**
 * The operator status page: polls `/health/detailed` and draws the last few minutes as live
 * charts, with the current figures beside them.
 *
 * Access: the first poll goes without a token, which works on loopback when no HEALTH_TOKEN is
 * set. A 401 brings up a token form; the token is kept in this tab's `sessionStorage` until
 * "Forget token". Polling stops on unmount and while the form waits; failures back off (with
 * jitter) and are shown, and the next success clears them.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import { backoffDelayMs } from "../lib/backoff.ts";
import { RingBuffer } from "../lib/status_series.ts";
import { useCountdown } from "./shared/countdown.ts";
import { Dashboard } from "./shared/status_dashboard.tsx";
import {
  fetchDetailedHealth,
  forgetToken,
  loadToken,
  nextSample,
  saveToken,
  type StatusSample,
} from "./shared/status_client.ts";

/** Props of {@link StatusPage}. */
export interface StatusPageProps {
  /** Time between polls, in ms. */
  pollMs: number;
  /** How much history the charts show, in ms. */
  historyMs: number;
}

const _MAX_BACKOFF_MS = 30_000;
const _ASK_MESSAGE = "This server shows its figures only to operators. Enter its HEALTH_TOKEN; " +
  "it is kept in this tab only.";
const _REJECTED_MESSAGE = "That token was not accepted. Check HEALTH_TOKEN and try again.";

const _now = () => performance.now();

/** The live status dashboard. */
export function StatusPage({ pollMs, historyMs }: StatusPageProps): JSX.Element {
  const [ring] = useState(() => new RingBuffer<StatusSample>(Math.ceil(historyMs / pollMs) + 1));
  const [samples, setSamples] = useState<StatusSample[]>([]);
  const [token, setToken] = useState<string | null>(null);
  // Bumped to (re)start polling; 0 until hydrated, so the server renders the waiting state.
  const [run, setRun] = useState(0);
  const [askMessage, setAskMessage] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<{ message: string; retryAt: number } | null>(null);
  const retryIn = useCountdown(failure?.retryAt ?? null, _now);

  useEffect(() => {
    setToken(loadToken());
    setRun(1);
  }, []);

  useEffect(() => {
    if (run === 0) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      const answer = await fetchDetailedHealth(token, abort.signal);
      if (abort.signal.aborted) return;
      setChecking(false);
      if (answer.kind === "unauthorized") {
        if (token !== null) forgetToken();
        setAskMessage(token === null ? _ASK_MESSAGE : _REJECTED_MESSAGE);
        setFailure(null);
        return; // Nothing to poll until someone gives a token.
      }
      if (answer.kind === "failed") {
        const delay = backoffDelayMs(failures++, {
          baseMs: pollMs,
          maxMs: _MAX_BACKOFF_MS,
          retryAfterMs: pollMs,
        });
        setFailure({ message: answer.message, retryAt: _now() + delay });
        timer = setTimeout(poll, delay);
        return;
      }
      failures = 0;
      setAskMessage(null);
      setFailure(null);
      ring.push(nextSample(ring.at(-1), answer.health, _now()));
      setSamples(ring.toArray());
      timer = setTimeout(poll, pollMs);
    };
    poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [token, run]);

  const submitToken = (value: string) => {
    saveToken(value);
    setToken(value);
    setChecking(true);
    setRun((n) => n + 1);
  };

  const forget = () => {
    forgetToken();
    ring.clear();
    setSamples([]);
    setToken(null);
    setRun((n) => n + 1);
  };

  const latest = samples.at(-1);
  const badge = failure
    ? { tone: "pill-stopped", text: "No answer" }
    : latest?.health.status === "shutting_down"
    ? { tone: "pill-retrying", text: "Shutting down" }
    : { tone: "pill-open", text: "Healthy" };
  const ageSeconds = latest && Math.round((_now() - latest.atMs) / 1000);
  return (
    <section class="status" aria-labelledby="status-title">
      <header class="status-head">
        <div>
          <p class="eyebrow">Operators</p>
          <h1 id="status-title">Server status</h1>
        </div>
        <div class="status-head-side">
          {latest && askMessage === null && (
            <span class={`pill ${badge.tone}`} data-metric="status">
              <span class="pill-dot" />
              {badge.text}
            </span>
          )}
          {token !== null && askMessage === null && (
            <button type="button" class="button small ghost" onClick={forget}>
              Forget token
            </button>
          )}
        </div>
      </header>
      {failure && (
        <p class="banner banner-error status-alert" role="alert">
          {failure.message}{" "}
          {retryIn !== null && retryIn > 0 ? `Trying again in ${retryIn} s.` : "Trying again…"}
          {latest && askMessage === null && ` The figures below are ${ageSeconds} s old.`}
        </p>
      )}
      {askMessage !== null
        ? <TokenForm message={askMessage} checking={checking} onSubmit={submitToken} />
        : latest
        ? (
          <Dashboard
            samples={samples}
            pollMs={pollMs}
            historyMs={historyMs}
            stale={failure !== null}
          />
        )
        : <p class="status-waiting muted">Fetching the server's figures…</p>}
    </section>
  );
}

function TokenForm(
  { message, checking, onSubmit }: {
    message: string;
    checking: boolean;
    onSubmit: (token: string) => void;
  },
): JSX.Element {
  const [value, setValue] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    const token = value.trim();
    if (token !== "" && !checking) onSubmit(token);
  };
  return (
    <form class="card status-token" onSubmit={submit} aria-labelledby="status-token-title">
      <h2 id="status-token-title">Operator token</h2>
      <p class="status-token-message" role="alert">{message}</p>
      <div class="status-token-row">
        <label class="field grow">
          <span class="field-label">HEALTH_TOKEN</span>
          <input
            name="token"
            type="password"
            value={value}
            autoComplete="off"
            spellcheck={false}
            required
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button primary" disabled={checking}>
          {checking ? "Checking…" : "Show status"}
        </button>
      </div>
    </form>
  );
}
