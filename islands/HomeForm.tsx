/**
 * The home page island: type a name and create a lobby, or type a friend's code and join it.
 * Either way the seat is kept in this tab's `sessionStorage` and the page moves to
 * `/lobby/CODE`. The buttons stay disabled until the island has hydrated, so a click before the
 * script runs cannot submit a plain form.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import { normalizeJoinCode } from "../lib/join_code.ts";
import { createLobby, friendlyError, joinLobby } from "./shared/api.ts";
import { loadName, saveName, saveSeat } from "./shared/session.ts";

/** Props of {@link HomeForm}. */
export interface HomeFormProps {
  maxNameLength: number;
}

type Busy = "create" | "join" | null;

/** Create-or-join form. */
export function HomeForm({ maxNameLength }: HomeFormProps): JSX.Element {
  const [ready, setReady] = useState(false);
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setName(loadName());
    setReady(true);
  }, []);

  const checkedName = (): string | null => {
    const trimmed = name.trim();
    if (trimmed === "") {
      setError("Please type your name first.");
      return null;
    }
    return trimmed;
  };

  const create = async (event: Event) => {
    event.preventDefault();
    const playerName = checkedName();
    if (playerName === null || busy) return;
    setBusy("create");
    setError(null);
    const result = await createLobby(playerName);
    if (!result.ok) {
      setBusy(null);
      setError(friendlyError(result.failure));
      return;
    }
    saveName(playerName);
    saveSeat(result.data.code, { playerId: result.data.playerId, token: result.data.token });
    location.assign(`/lobby/${result.data.code}`);
  };

  const join = async (event: Event) => {
    event.preventDefault();
    const lobbyCode = normalizeJoinCode(code);
    if (lobbyCode === null) {
      setError(friendlyError({ code: "invalid_code", message: "" }));
      return;
    }
    const playerName = checkedName();
    if (playerName === null || busy) return;
    setBusy("join");
    setError(null);
    const result = await joinLobby(lobbyCode, playerName);
    if (!result.ok) {
      setBusy(null);
      setError(friendlyError(result.failure));
      return;
    }
    saveName(playerName);
    saveSeat(lobbyCode, { playerId: result.data.playerId, token: result.data.token });
    location.assign(`/lobby/${lobbyCode}`);
  };

  const disabled = !ready || busy !== null;
  return (
    <div class="card home-card">
      <label class="field">
        <span class="field-label">Your name</span>
        <input
          name="name"
          value={name}
          maxLength={maxNameLength}
          autoComplete="nickname"
          placeholder="e.g. Ada"
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <form class="stack" onSubmit={create}>
        <button type="submit" class="button primary" disabled={disabled}>
          {busy === "create" ? "Creating…" : "Create lobby"}
        </button>
      </form>
      <p class="divider">
        <span>or join a friend</span>
      </p>
      <form class="join-row" onSubmit={join}>
        <label class="field grow">
          <span class="field-label">Join code</span>
          <input
            name="code"
            class="code-input"
            value={code}
            maxLength={8}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            placeholder="K7QX2M"
            onInput={(e) => setCode(e.currentTarget.value.toUpperCase())}
          />
        </label>
        <button type="submit" class="button" disabled={disabled}>
          {busy === "join" ? "Joining…" : "Join"}
        </button>
      </form>
      <p class="error" role="alert">{error}</p>
    </div>
  );
}
