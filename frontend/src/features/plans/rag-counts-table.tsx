import type { components } from "../../api/schema";
import { STATUS_ORDER, STATUSES } from "../../lib/rag";
import { paths } from "../../router/routes";
import { AbbrText } from "../actions/abbr-text";
import type { Acronym } from "../actions/action-text";

type AreaSummary = components["schemas"]["AreaSummary"];

/** How many actions of each area are at each status: a table, so every number has its headers. */
export function RagCountsTable({ areas, acronyms }: { areas: AreaSummary[]; acronyms: Acronym[] }) {
  const total = (status: string) => areas.reduce((sum, area) => sum + (area.status_counts[status] ?? 0), 0);
  // Seven columns do not fit a phone: the table scrolls sideways in a region a keyboard can reach.
  return (
    <div class="app-table-scroll" role="region" aria-label="Actions by status, by area" tabIndex={0}>
      <table class="govuk-table app-stack">
        <caption class="govuk-table__caption govuk-visually-hidden">Number of actions at each status, by area for improvement</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Area for improvement</th>
            {STATUS_ORDER.map((status) => (
              <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={status}>{STATUSES[status].label}</th>
            ))}
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">All actions</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {areas.map((area) => (
            <tr class="govuk-table__row" key={area.id}>
              <th scope="row" class="govuk-table__header">
                <a class="govuk-link" href={paths.area(area.id)}>{area.number}. <AbbrText text={area.title} acronyms={acronyms} /></a>
              </th>
              {STATUS_ORDER.map((status) => (
                <td class="govuk-table__cell govuk-table__cell--numeric" key={status} data-label={STATUSES[status].label}>{area.status_counts[status] ?? 0}</td>
              ))}
              <td class="govuk-table__cell govuk-table__cell--numeric" data-label="All actions">{area.action_count}</td>
            </tr>
          ))}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">All areas</th>
            {STATUS_ORDER.map((status) => (
              <td class="govuk-table__cell govuk-table__cell--numeric" key={status} data-label={STATUSES[status].label}><strong>{total(status)}</strong></td>
            ))}
            <td class="govuk-table__cell govuk-table__cell--numeric" data-label="All actions">
              <strong>{areas.reduce((sum, area) => sum + area.action_count, 0)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
