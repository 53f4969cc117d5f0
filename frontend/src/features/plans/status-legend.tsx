import type { components } from "../../api/schema";
import { RagTag } from "../../components/rag-tag";
import { STATUSES, type ActionStatus } from "../../lib/rag";

type LegendEntry = components["schemas"]["LegendEntryPublic"];

/** The plan's own RAG+Blue legend, folded away: staff know it, a new reader can open it. */
export function StatusLegend({ legend }: { legend: LegendEntry[] }) {
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">What the statuses mean</span>
      </summary>
      <div class="govuk-details__text">
        <dl class="govuk-summary-list govuk-summary-list--no-border">
          {legend.map((entry) => (
            <div class="govuk-summary-list__row" key={entry.status}>
              <dt class="govuk-summary-list__key">
                {entry.status in STATUSES ? <RagTag status={entry.status as ActionStatus} /> : entry.label}
              </dt>
              <dd class="govuk-summary-list__value">{entry.meaning}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}
