import type { Problem } from "../../api/problem";
import type { Me } from "../../auth/permissions";
import { Tag } from "../../components/tag";
import { formatDate } from "../../lib/dates";
import { paths } from "../../router/routes";
import { downloadEvidence } from "./download";
import { EVIDENCE_STATES, evidenceType, mayReview, mayWithdraw, type Evidence } from "./evidence-text";

interface Props {
  items: Evidence[];
  me: Me;
  action: { id: number; ref: string; owner: { id: number } | null; area_id: number };
  /** An inspector: links only, never a control. */
  readOnly: boolean;
  /** Where a review returns to, when not the action (the proposal being decided). */
  back?: string;
  /** Offers withdrawal (on a page of its own, which asks first) where the user may withdraw. */
  withdrawable?: boolean;
  onProblem: (problem: Problem) => void;
}

/** An action's evidence: what each item is, the date it evidences, its review, and what may be done with it. */
export function EvidenceTable({ items, me, action, readOnly, back, withdrawable = false, onProblem }: Props) {
  if (items.length === 0) return <p class="govuk-body">No evidence has been added yet.</p>;
  return (
    <div class="app-table-scroll" role="region" aria-label={`Evidence for action ${action.ref}`} tabIndex={0}>
      <table class="govuk-table app-stack app-evidence">
        <caption class="govuk-table__caption govuk-visually-hidden">Evidence for action {action.ref}, oldest first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Evidence</th>
            <th scope="col" class="govuk-table__header">Type</th>
            <th scope="col" class="govuk-table__header">Evidences</th>
            <th scope="col" class="govuk-table__header">Review</th>
            <th scope="col" class="govuk-table__header">Personal data</th>
            {!readOnly && <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">What you can do</span></th>}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {items.map((item) => {
            const state = EVIDENCE_STATES[item.state];
            return (
              <tr class="govuk-table__row" key={item.id}>
                <th scope="row" class="govuk-table__header" data-label="Evidence">
                  <EvidenceTitle item={item} onProblem={onProblem} />
                  {item.description && <p class="govuk-body-s app-evidence__description app-preserve-lines">{item.description}</p>}
                  {item.uploaded_by && <p class="govuk-body-s app-evidence__meta">Added by {item.uploaded_by.name}</p>}
                  {item.review_note && <p class="govuk-body-s app-evidence__meta">Review note: {item.review_note}</p>}
                </th>
                <td class="govuk-table__cell" data-label="Type">{evidenceType(item)}</td>
                <td class="govuk-table__cell" data-label="Evidences">{item.effective_on ? formatDate(item.effective_on) : "Not given"}</td>
                <td class="govuk-table__cell" data-label="Review">
                  <Tag text={state.text} colour={state.colour} />
                  {item.needs_renewal && <><br /><Tag text="Needs renewal" colour="orange" /></>}
                </td>
                <td class="govuk-table__cell" data-label="Personal data">{item.contains_personal_data ? "Contains personal data" : "None"}</td>
                {!readOnly && (
                  <td class="govuk-table__cell">
                    {mayReview(me, item, action) && (
                      <a class="govuk-link app-evidence__action" href={paths.reviewEvidence(item.id, back)}>
                        Review<span class="govuk-visually-hidden"> {item.title}</span>
                      </a>
                    )}
                    {withdrawable && mayWithdraw(me, item, action) && (
                      <a class="govuk-link app-evidence__action" href={paths.withdrawEvidence(item.id)}>
                        Withdraw<span class="govuk-visually-hidden"> {item.title}</span>
                      </a>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The title links to the file (downloaded with the session's token), the web page, or names the record. */
export function EvidenceTitle({ item, onProblem }: { item: Evidence; onProblem: (problem: Problem) => void }) {
  if (item.kind === "file" && item.filename && item.state !== "erased") {
    return (
      <a class="govuk-link" href={`/api/v1/evidence/${item.id}/file`} onClick={async (event) => {
        event.preventDefault();
        const problem = await downloadEvidence(item);
        if (problem) onProblem(problem);
      }}>
        {item.title}<span class="govuk-visually-hidden"> (download {item.filename})</span>
      </a>
    );
  }
  if (item.url) return <a class="govuk-link" href={item.url} rel="noreferrer noopener">{item.title}</a>;
  if (item.case_reference) return <>{item.title} ({item.case_reference.system} {item.case_reference.reference})</>;
  return <>{item.title}</>;
}
