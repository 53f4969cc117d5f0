import type { components } from "../../api/schema";
import { formatDate } from "../../lib/dates";
import { paths } from "../../router/routes";

export type Decision = components["schemas"]["DecisionPublic"];

/** Decisions of board meetings: what was decided, who follows it up and by when. `showMeeting` names the meeting. */
export function DecisionsTable({ decisions, showMeeting, caption }: {
  decisions: Decision[]; showMeeting: boolean; caption: string;
}) {
  if (decisions.length === 0) return <p class="govuk-body">No decisions recorded.</p>;
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {showMeeting && <th scope="col" class="govuk-table__header">Meeting</th>}
          <th scope="col" class="govuk-table__header">Decision</th>
          <th scope="col" class="govuk-table__header">Concerns</th>
          <th scope="col" class="govuk-table__header">Follow-up</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {decisions.map((d) => (
          <tr class="govuk-table__row" key={d.id}>
            {showMeeting && (
              <td class="govuk-table__cell" data-label="Meeting">
                <a class="govuk-link" href={paths.meeting(d.meeting.id)}>{d.meeting.forum.name}, {formatDate(d.meeting.held_on)}</a>
              </td>
            )}
            <td class="govuk-table__cell app-preserve-lines" data-label="Decision">{d.number}. {d.text}</td>
            <td class="govuk-table__cell" data-label="Concerns">{concerns(d) || "—"}</td>
            <td class="govuk-table__cell" data-label="Follow-up">{followUp(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function concerns(d: Decision): string {
  return [...d.actions.map((a) => `Action ${a.ref}`), ...d.areas.map((a) => `Area ${a.number}`)].join(", ");
}

export function followUp(d: Decision): string {
  if (!d.owner && !d.due_on) return "None";
  const who = d.owner ? d.owner.name : "No owner";
  const due = d.due_on ? `, due ${formatDate(d.due_on)}` : "";
  const done = d.done_on ? ` (done ${formatDate(d.done_on)})` : "";
  return `${who}${due}${done}`;
}
