import { describedBy, FieldError } from "./field-error";

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  error?: string;
  rows?: number;
  /** The label as the page's question, larger. */
  labelSize?: "m";
}

export function Textarea({ id, label, value, onInput, hint, error, rows = 5, labelSize }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label class={`govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`} for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <FieldError id={id} message={error} />
      <textarea id={id} name={id} rows={rows} class={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        value={value} onInput={(e) => onInput(e.currentTarget.value)} aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}
