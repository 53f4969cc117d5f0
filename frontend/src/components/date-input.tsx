import type { DateParts } from "../lib/dates";
import { describedBy, FieldError } from "./field-error";

interface Props {
  id: string;
  legend: string;
  value: DateParts;
  onInput: (value: DateParts) => void;
  hint?: string;
  error?: string;
}

const PARTS = [
  { key: "day", label: "Day", width: "govuk-input--width-2" },
  { key: "month", label: "Month", width: "govuk-input--width-2" },
  { key: "year", label: "Year", width: "govuk-input--width-4" },
] as const;

/** GOV.UK date input. The day field has the group's id, so an error summary link lands on it. */
export function DateInput({ id, legend, value, onInput, hint, error }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy(id, hint, error)}>
        <legend class="govuk-fieldset__legend">{legend}</legend>
        {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
        <FieldError id={id} message={error} />
        <div class="govuk-date-input">
          {PARTS.map(({ key, label, width }) => {
            const partId = key === "day" ? id : `${id}-${key}`;
            return (
              <div class="govuk-date-input__item" key={key}>
                <div class="govuk-form-group">
                  <label class="govuk-label govuk-date-input__label" for={partId}>{label}</label>
                  <input id={partId} name={partId} type="text" inputMode="numeric"
                    class={`govuk-input govuk-date-input__input ${width}${error ? " govuk-input--error" : ""}`}
                    value={value[key]} onInput={(e) => onInput({ ...value, [key]: e.currentTarget.value })} />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
