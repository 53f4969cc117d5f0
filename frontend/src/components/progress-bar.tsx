interface Props {
  id: string;
  label: string;
  /** 0 to 1. */
  fraction: number;
}

/**
 * How much of an upload has been sent: the browser's own <progress> (a progressbar to assistive
 * technology, with its value), labelled, and the percentage also in words beside it. No inline
 * style is needed, which the SPA's Content-Security-Policy would refuse.
 */
export function ProgressBar({ id, label, fraction }: Props) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div class="govuk-form-group app-progress">
      <label class="govuk-label" for={id}>{label}</label>
      <progress id={id} class="app-progress__bar" max={100} value={percent}>{percent}%</progress>
      <span class="app-progress__value" aria-hidden="true">{percent}%</span>
      {/* Told to screen readers at each quarter, not at every event. */}
      <span class="govuk-visually-hidden" aria-live="polite">{`${label}: ${Math.floor(percent / 25) * 25}%`}</span>
    </div>
  );
}
