import type { components } from "../../api/schema";
import { canOnAction, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { Tag } from "../../components/tag";
import { formatDate } from "../../lib/dates";
import { paths } from "../../router/routes";

type Action = components["schemas"]["ActionPublic"];
type Milestone = Action["milestones"][number];

/** Each state as a tag: its word, and a colour that only repeats it. */
const MILESTONE_STATES: Record<Milestone["state"], { text: string; colour: string }> = {
  met: { text: "Met", colour: "green" },
  missed: { text: "Missed", colour: "red" },
  due: { text: "Due", colour: "grey" },
};

/** The dated targets read from the action's target text ("60% by Sept 2019" → 30 September 2019). */
export function MilestonesTable({ action }: { action: Action }) {
  const { me } = useSession();
  const mayRecord = !readsOnly(me) && canOnAction(me, "milestone:record", action);
  if (action.milestones.length === 0) return <p class="govuk-body">The target states no dated milestone.</p>;
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">Milestones of action {action.ref}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Date</th>
          <th scope="col" class="govuk-table__header">Milestone</th>
          <th scope="col" class="govuk-table__header">State</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {action.milestones.map((milestone) => (
          <tr class="govuk-table__row" key={milestone.due_on + milestone.text}>
            <td class="govuk-table__cell" data-label="Date">{formatDate(milestone.due_on)}</td>
            <td class="govuk-table__cell" data-label="Milestone">{milestone.recurring ? `${milestone.text} (repeats)` : milestone.text}</td>
            <td class="govuk-table__cell" data-label="State">
              <Tag {...MILESTONE_STATES[milestone.state]} />
              {milestone.met_by && milestone.met_on && (
                <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                  {formatDate(milestone.met_on)}, recorded by {milestone.met_by.name}: {milestone.met_note}
                </p>
              )}
              {mayRecord && milestone.state !== "met" && (
                <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                  <a class="govuk-link" href={paths.recordMet(action.id, milestone.id)}>
                    Record as met<span class="govuk-visually-hidden"> the milestone of {formatDate(milestone.due_on)}</span></a>
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
