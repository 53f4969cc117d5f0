import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import type { Problem } from "../../api/problem";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { ErrorSummary } from "../../components/error-summary";
import { Loaded } from "../../components/loaded";
import { NotificationBanner } from "../../components/notification-banner";
import { PageHeading } from "../../components/page-heading";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { changeWords, countWords } from "./workbook-text";

type WorkbookImport = components["schemas"]["WorkbookImportPublic"];
type Loaded = { record: WorkbookImport; etag?: string };

/** The preview of an imported spreadsheet: every change and every problem, then "Apply these changes". */
export function WorkbookImportPage({ importId }: { importId: number }) {
  const [resource, replace] = useResource<Loaded>(async () => {
    const read = await call(api.GET("/api/v1/workbook-imports/{import_id}", { params: { path: { import_id: importId } } }));
    return read.ok ? ok({ record: read.data, etag: read.etag }) : read;
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function apply(loaded: Loaded) {
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/workbook-imports/{import_id}/apply", {
      params: { path: { import_id: importId }, header: { "if-match": loaded.etag ?? "" } },
    }));
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setProblem(null);
    replace({ record: result.data, etag: result.etag });
  }

  return (
    <Loaded resource={resource}>
      {(loaded) => {
        const { record } = loaded;
        const applied = record.state === "applied";
        return (
          <>
            <BackLink href={paths.plan(record.plan_id)}>Back to the plan</BackLink>
            {problem && <ErrorSummary errors={[{ text: problem.detail ?? problem.title }]} />}
            {applied && (
              <NotificationBanner kind="success" heading={`${countWords(record.changes.length, "change")} applied`}>
                <p class="govuk-body">New RAGs and due dates wait for an approver's decision.</p>
              </NotificationBanner>
            )}
            <PageHeading title={applied ? "Spreadsheet imported" : "Check the changes"} caption={record.filename || "Spreadsheet"} />
            <p class="govuk-body">
              {countWords(record.rows_read, "action")} read: {countWords(record.changes.length, "change")},{" "}
              {countWords(record.errors.length, "problem")}, {record.unchanged} unchanged.
            </p>
            {record.errors.length > 0 && (
              <>
                <h2 class="govuk-heading-m">Problems to put right</h2>
                <p class="govuk-body">
                  Nothing can be applied until these are put right. Correct them in the spreadsheet and import it again.
                </p>
                <table class="govuk-table app-stack">
                  <caption class="govuk-table__caption govuk-visually-hidden">Problems in the spreadsheet</caption>
                  <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                      <th scope="col" class="govuk-table__header">Where</th>
                      <th scope="col" class="govuk-table__header">Action</th>
                      <th scope="col" class="govuk-table__header">Problem</th>
                    </tr>
                  </thead>
                  <tbody class="govuk-table__body">
                    {record.errors.map((e) => (
                      <tr class="govuk-table__row" key={`${e.row}-${e.column}-${e.message}`}>
                        <td class="govuk-table__cell" data-label="Where">{e.sheet} sheet, row {e.row}, column {e.column} ({e.heading})</td>
                        <td class="govuk-table__cell" data-label="Action">{e.ref ?? "—"}</td>
                        <td class="govuk-table__cell" data-label="Problem">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            <h2 class="govuk-heading-m">{applied ? "Changes made" : "Changes"}</h2>
            {record.changes.length === 0 ? (
              <p class="govuk-body">The spreadsheet changes nothing: what it says is already in the plan or waiting for a decision.</p>
            ) : (
              <table class="govuk-table app-stack">
                <caption class="govuk-table__caption govuk-visually-hidden">Changes in the spreadsheet</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">Action</th>
                    <th scope="col" class="govuk-table__header">Change</th>
                    <th scope="col" class="govuk-table__header">Now</th>
                    <th scope="col" class="govuk-table__header">In the spreadsheet</th>
                    <th scope="col" class="govuk-table__header">Commentary sent with it</th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {record.changes.map((c) => (
                    <tr class="govuk-table__row" key={`${c.ref}-${c.kind}`}>
                      <td class="govuk-table__cell" data-label="Action"><a class="govuk-link" href={paths.action(c.action_id)}>{c.ref}</a></td>
                      <td class="govuk-table__cell" data-label="Change">{changeWords(c.kind)}</td>
                      <td class="govuk-table__cell app-preserve-lines" data-label="Now">{c.from_value ?? "None"}</td>
                      <td class="govuk-table__cell app-preserve-lines" data-label="In the spreadsheet">{c.to_value ?? "None"}</td>
                      <td class="govuk-table__cell app-preserve-lines" data-label="Commentary sent with it">{c.note ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {record.can_apply && (
              <>
                <p class="govuk-body">Nothing has been saved yet. Applying makes every change above, or none of them.</p>
                <button type="button" class="govuk-button" disabled={busy} aria-disabled={busy} onClick={() => apply(loaded)}>
                  Apply these changes
                </button>
              </>
            )}
            {!applied && (
              <p class="govuk-body">
                <a class="govuk-link" href={paths.importWorkbook(record.plan_id)}>Import another spreadsheet</a>
              </p>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
