import { describedBy, FieldError } from "./field-error";

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  error?: string;
  type?: "text" | "email" | "password";
  inputMode?: "numeric";
  autoComplete?: string;
  width?: "govuk-input--width-5" | "govuk-input--width-10" | "govuk-input--width-20" | "govuk-input--width-30";
  spellCheck?: boolean;
}

export function TextInput({ id, label, value, onInput, hint, error, type = "text", inputMode, autoComplete, width, spellCheck }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label class="govuk-label" for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <FieldError id={id} message={error} />
      {/* Cast: Preact types each input type separately, and this component serves three. */}
      <input {...({ type } as { type: "text" })} id={id} name={id} inputMode={inputMode} autoComplete={autoComplete} spellcheck={spellCheck}
        class={`govuk-input${width ? ` ${width}` : ""}${error ? " govuk-input--error" : ""}`}
        value={value} onInput={(e) => onInput(e.currentTarget.value)}
        aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}
