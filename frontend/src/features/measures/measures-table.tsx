import { RagTag } from "../../components/rag-tag";
import { formatDate } from "../../lib/dates";
import { formatFigure, measureHome, verdictText, type Measure } from "./measure-text";

/** "1.4", or "Area 1" for a measure of the area as a whole. */
function HomeLink({ measure }: { measure: Measure }) {
  return <a class="govuk-link" href={measureHome(measure).href}>{measure.action_ref ?? `Area ${measure.area_number}`}</a>;
}

/** A plan's measures, one row each: the latest reading, the verdict in words, and the status it suggests. */
export function MeasuresTable({ measures, caption }: { measures: Measure[]; caption: string }) {
  if (measures.length === 0) return <p class="govuk-body">The plan has no measures.</p>;
  return (
    <div class="app-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="govuk-table app-stack">
        <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Action or area</th>
            <th scope="col" class="govuk-table__header">Measure</th>
            <th scope="col" class="govuk-table__header">Latest reading</th>
            <th scope="col" class="govuk-table__header">Against the trajectory</th>
            <th scope="col" class="govuk-table__header">Suggests</th>
            <th scope="col" class="govuk-table__header">Approved</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {measures.map((m) => (
            <tr class="govuk-table__row" key={m.id}>
              <td class="govuk-table__cell" data-label="Action or area"><HomeLink measure={m} /></td>
              <td class="govuk-table__cell" data-label="Measure">{m.name}</td>
              <td class="govuk-table__cell" data-label="Latest reading">
                {m.latest_reading ? `${formatFigure(m.latest_reading.value, m.unit)}, ${formatDate(m.latest_reading.taken_on)}` : "None yet"}
              </td>
              <td class="govuk-table__cell" data-label="Against the trajectory">{verdictText(m.trajectory, m.unit)}</td>
              <td class="govuk-table__cell" data-label="Suggests">{m.trajectory.suggested_rag ? <RagTag status={m.trajectory.suggested_rag} /> : "—"}</td>
              <td class="govuk-table__cell" data-label="Approved">{m.approved_status ? <RagTag status={m.approved_status} /> : "Not an action's"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The board report's version: one line a measure, so the printed report stays short. */
export function MeasuresList({ measures }: { measures: Measure[] }) {
  if (measures.length === 0) return <p class="govuk-body">The plan has no measures.</p>;
  return (
    <ul class="govuk-list">
      {measures.map((m) => (
        <li key={m.id}>
          <HomeLink measure={m} /> {m.name}:{" "}
          {m.latest_reading
            ? <>{formatFigure(m.latest_reading.value, m.unit)} on {formatDate(m.latest_reading.taken_on)}, {verdictText(m.trajectory, m.unit).toLowerCase()}</>
            : "no reading yet"}
          {m.trajectory.suggested_rag && <> — suggests <RagTag status={m.trajectory.suggested_rag} /></>}
        </li>
      ))}
    </ul>
  );
}
