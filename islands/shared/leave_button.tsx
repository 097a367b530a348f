/**
 * The Leave button. During a game a stray tap would give the seat up for good (a started game
 * takes no one new), so there it first asks in a small dialog whose default is to stay.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";

/** Props of {@link LeaveButton}. */
export interface LeaveButtonProps {
  /** Ask before leaving (during a game). */
  confirm: boolean;
  disabled: boolean;
  /** Extra classes of the button. */
  class?: string;
  onLeave(): void;
}

/** "Leave", with a confirmation dialog when `confirm` is set. */
export function LeaveButton(props: LeaveButtonProps): JSX.Element {
  const { confirm, disabled, onLeave } = props;
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        class={`button ghost ${props.class ?? ""}`.trim()}
        disabled={disabled}
        aria-haspopup={confirm ? "dialog" : undefined}
        onClick={() => confirm ? setAsking(true) : onLeave()}
      >
        Leave
      </button>
      {asking && <ConfirmLeave onStay={close} onLeave={onLeave} />}
    </>
  );
}

function ConfirmLeave(
  { onStay, onLeave }: { onStay(): void; onLeave(): void },
): JSX.Element {
  const stay = useRef<HTMLButtonElement>(null);
  const leave = useRef<HTMLButtonElement>(null);

  useEffect(() => stay.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent) => {
    // The board listens on the window for arrow keys; they belong to the dialog while it is up.
    event.stopPropagation();
    if (event.key === "Escape") onStay();
    if (event.key === "Tab") {
      event.preventDefault();
      (document.activeElement === stay.current ? leave : stay).current?.focus();
    }
  };

  return (
    <div
      class="modal-backdrop"
      onClick={(event) => event.target === event.currentTarget && onStay()}
    >
      <div
        class="modal modal-small"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-title"
        aria-describedby="leave-message"
        onKeyDown={onKeyDown}
      >
        <h2 id="leave-title">Leave the game?</h2>
        <p id="leave-message" class="muted">
          You will lose your seat, and a game that has started cannot be joined again.
        </p>
        <div class="modal-actions">
          <button ref={stay} type="button" class="button" onClick={onStay}>Keep playing</button>
          <button ref={leave} type="button" class="button danger" onClick={onLeave}>
            Leave game
          </button>
        </div>
      </div>
    </div>
  );
}
