import { describedBy, FieldError } from "./field-error";

interface Props {
  id: string;
  label: string;
  onChange: (file: File | null) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
}

/** GOV.UK file upload: the browser's own file input, which a keyboard reaches and opens with Enter or Space. */
export function FileUpload({ id, label, onChange, hint, error, disabled }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label class="govuk-label" for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <FieldError id={id} message={error} />
      <input id={id} name={id} type="file" disabled={disabled}
        class={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
        onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null)} aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}
