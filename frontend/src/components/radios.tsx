import type { ComponentChildren } from "preact";
import { describedBy, FieldError } from "./field-error";

export interface RadioOption {
  value: string;
  text: string;
  hint?: string;
  /** GOV.UK's conditional reveal: fields shown under this option only while it is chosen. */
  conditional?: ComponentChildren;
}

interface Props {
  id: string;
  legend: string;
  options: RadioOption[];
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  /** The legend as the page's question, larger (for a form with one main question). */
  legendSize?: "m";
  inline?: boolean;
}

/**
 * GOV.UK radios; the first radio has the group's id, so an error summary link lands on it. The
 * conditional reveal is rendered here from the chosen value (GOV.UK's script would toggle classes
 * behind Preact's back): its fields follow their radio in the page and in the Tab order.
 */
export function Radios({ id, legend, options, value, onChange, hint, error, legendSize, inline }: Props) {
  return (
    <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={`govuk-fieldset__legend${legendSize ? ` govuk-fieldset__legend--${legendSize}` : ""}`}>{legend}</legend>
        {hint && <div id={`${id}-hint`} class="govuk-hint">{hint}</div>}
        <FieldError id={id} message={error} />
        <div class={`govuk-radios${inline ? " govuk-radios--inline" : ""}`}>
          {options.map((option, i) => {
            const optionId = i === 0 ? id : `${id}-${i + 1}`;
            const conditionalId = `conditional-${optionId}`;
            const checked = value === option.value;
            return [
              <div class="govuk-radios__item" key={option.value}>
                <input class="govuk-radios__input" id={optionId} name={id} type="radio" value={option.value}
                  checked={checked} onChange={() => onChange(option.value)}
                  aria-controls={option.conditional ? conditionalId : undefined}
                  aria-describedby={option.hint ? `${optionId}-item-hint` : undefined} />
                <label class="govuk-label govuk-radios__label" for={optionId}>{option.text}</label>
                {option.hint && <div id={`${optionId}-item-hint`} class="govuk-hint govuk-radios__hint">{option.hint}</div>}
              </div>,
              option.conditional && (
                <div key={`${option.value}-conditional`} id={conditionalId}
                  class={`govuk-radios__conditional${checked ? "" : " govuk-radios__conditional--hidden"}`}>
                  {option.conditional}
                </div>
              ),
            ];
          })}
        </div>
      </fieldset>
    </div>
  );
}
