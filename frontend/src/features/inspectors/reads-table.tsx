import type { components } from "../../api/schema";
import { formatDateTime } from "../../lib/dates";

type Read = components["schemas"]["InspectorReadPublic"];

/** Every request of inspectors with access to the plan, newest first (the API logs them all). */
export function ReadsTable({ reads }: { reads: Read[] }) {
  if (reads.length === 0) return <p class="govuk-body">No inspector has read anything yet.</p>;
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">What inspectors have read, newest first</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">When</th>
          <th scope="col" class="govuk-table__header">Inspector</th>
          <th scope="col" class="govuk-table__header">What they asked for</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {reads.map((read, i) => (
          <tr class="govuk-table__row" key={i}>
            <td class="govuk-table__cell" data-label="When">{formatDateTime(read.at)}</td>
            <td class="govuk-table__cell" data-label="Inspector">{read.inspector_name}</td>
            <td class="govuk-table__cell" data-label="What they asked for"><code>{read.method} {read.path}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
