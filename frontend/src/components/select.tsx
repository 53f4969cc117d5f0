import { describedBy, FieldError } from "./field-error";

export interface Option {
  value: string;
  text: string;
}

interface Props {
  id: string;
  label: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
}

export function Select({ id, label, options, value, onChange, hint, error }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label class="govuk-label" for={id}>{label}</label>
      {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
      <FieldError id={id} message={error} />
      <select id={id} name={id} class={`govuk-select${error ? " govuk-select--error" : ""}`} value={value}
        onChange={(e) => onChange(e.currentTarget.value)} aria-describedby={describedBy(id, hint, error)}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.text}</option>)}
      </select>
    </div>
  );
}
