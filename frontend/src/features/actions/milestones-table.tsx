import type { components } from "../../api/schema";
import { formatDate } from "../../lib/dates";

type Action = components["schemas"]["ActionPublic"];

/** The dated targets read from the action's target text ("60% by Sept 2019" → 30 September 2019). */
export function MilestonesTable({ action }: { action: Action }) {
  if (action.milestones.length === 0) return <p class="govuk-body">The target states no dated milestone.</p>;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">Milestones of action {action.ref}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Date</th>
          <th scope="col" class="govuk-table__header">Milestone</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {action.milestones.map((milestone) => (
          <tr class="govuk-table__row" key={milestone.due_on + milestone.text}>
            <td class="govuk-table__cell">{formatDate(milestone.due_on)}</td>
            <td class="govuk-table__cell">{milestone.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
