/**
 * The "Your name" field of the home page and the join page. It does not cut what is typed: the
 * server counts a name's length in code points (so 👩‍💻 is three), which `maxlength` cannot do,
 * so the field counts the same way and says when a name is too long.
 */
import type { JSX } from "preact";
import { checkName, nameLength } from "../../lib/player_name.ts";

/** What is wrong with `name` for a person to read, or null when the server will take it. */
export function nameProblem(name: string, maxLength: number): string | null {
  const checked = checkName(name, maxLength);
  return checked.ok ? null : checked.problem;
}

/** Props of {@link NameField}. */
export interface NameFieldProps {
  value: string;
  maxLength: number;
  placeholder: string;
  /** Extra classes of the `<label>` (`grow` in a row with a button). */
  class?: string;
  onInput(value: string): void;
}

/** A labelled name input that flags, next to its label, a name over `maxLength`. */
export function NameField(props: NameFieldProps): JSX.Element {
  const { value, maxLength, placeholder, onInput } = props;
  const tooLong = nameLength(value) > maxLength;
  return (
    <label class={props.class ? `field ${props.class}` : "field"}>
      <span class="field-label">
        Your name
        <span class="field-hint" aria-live="polite">
          {tooLong ? `at most ${maxLength} characters` : ""}
        </span>
      </span>
      <input
        name="name"
        value={value}
        autoComplete="nickname"
        placeholder={placeholder}
        aria-invalid={tooLong ? "true" : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}
