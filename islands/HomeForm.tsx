/**
 * The home page island: type a name and create a lobby, or type a friend's code and join it.
 * The seat is kept in this tab's `sessionStorage` (and remembered for other tabs) and the page
 * moves to `/lobby/CODE`. Joining without a name, or to a lobby this browser already has a seat
 * in, just goes to the lobby page, which asks for what it needs. The buttons stay disabled until
 * the island has hydrated, so a click before the script runs cannot submit a plain form.
 */
import { useEffect, useState } from "preact/hooks";
import type { JSX } from "preact";
import { normalizeJoinCode } from "../lib/join_code.ts";
import { createLobby, friendlyError, joinLobby } from "./shared/api.ts";
import { NameField, nameProblem } from "./shared/name_field.tsx";
import { loadName, loadRememberedSeat, saveName, saveSeat } from "./shared/session.ts";

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
  // Said under the name field, where the fix is, rather than under the join code.
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    setName(loadName());
    setReady(true);
    // Coming back with the Back button restores this page as it was left: mid-navigation.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) setBusy(null);
    };
    addEventListener("pageshow", onShow);
    return () => removeEventListener("pageshow", onShow);
  }, []);

  const checkedName = (): string | null => {
    const problem = nameProblem(name, maxNameLength);
    setNameError(problem);
    if (problem !== null) {
      setError(null);
      return null;
    }
    return name.trim();
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
    const seat = { playerId: result.data.playerId, token: result.data.token };
    saveSeat(result.data.code, seat, playerName);
    location.assign(`/lobby/${result.data.code}`);
  };

  const join = async (event: Event) => {
    event.preventDefault();
    // People copy codes with the spaces or dashes they were read out with: "k7qx-2m".
    const lobbyCode = normalizeJoinCode(code.replace(/[\s-]+/g, ""));
    if (lobbyCode === null) {
      setNameError(null);
      setError(friendlyError({ code: "invalid_code", message: "" }));
      return;
    }
    if (busy) return;
    // The lobby page asks for a name, or offers the seat this browser already has there.
    if (name.trim() === "" || loadRememberedSeat(lobbyCode) !== null) {
      setBusy("join");
      location.assign(`/lobby/${lobbyCode}`);
      return;
    }
    const playerName = checkedName();
    if (playerName === null) return;
    setBusy("join");
    setError(null);
    const result = await joinLobby(lobbyCode, playerName);
    if (!result.ok) {
      setBusy(null);
      setError(friendlyError(result.failure));
      return;
    }
    saveName(playerName);
    saveSeat(lobbyCode, { playerId: result.data.playerId, token: result.data.token }, playerName);
    location.assign(`/lobby/${lobbyCode}`);
  };

  const disabled = !ready || busy !== null;
  return (
    <div class="card home-card">
      {/* The name is in the create form, so Enter in it creates; joining reads it too. */}
      <form class="create-form" onSubmit={create}>
        <NameField
          value={name}
          maxLength={maxNameLength}
          placeholder="e.g. Ada"
          onInput={(value) => {
            setName(value);
            setError(null);
            setNameError(null);
          }}
        />
        {nameError && <p class="error name-error" role="alert">{nameError}</p>}
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
            maxLength={16}
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
