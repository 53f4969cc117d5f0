import type { ComponentChildren } from "preact";

export interface SummaryRow {
  key: string;
  value: ComponentChildren;
  /** A "Change" link; `what` completes its text for screen readers ("Change owner"). */
  change?: { href: string; what: string };
}

export function SummaryList({ rows }: { rows: SummaryRow[] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map((row) => (
        <div class={`govuk-summary-list__row${row.change ? "" : " govuk-summary-list__row--no-actions"}`} key={row.key}>
          <dt class="govuk-summary-list__key">{row.key}</dt>
          <dd class="govuk-summary-list__value">{row.value}</dd>
          {row.change && (
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" href={row.change.href}>
                Change<span class="govuk-visually-hidden"> {row.change.what}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
