import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { ErrorSummary } from "../../components/error-summary";
import { formatDate, todayInLondon } from "../../lib/dates";
import { saveFile } from "../../lib/save-file";
import { packSizeWords, type PackFormat } from "./pack-size";
import { PdfStatus, usePdfDownload } from "./pdf-download";

const FILES: { format: PackFormat; type: string; use: string }[] = [
  { format: "pdf", type: "PDF", use: "A4, to print, send to the board or publish" },
  { format: "xlsx", type: "Excel spreadsheet", use: "one row per action, a sheet per area" },
  { format: "csv", type: "CSV", use: "the same rows, for other software" },
];

interface Props {
  planId: number;
  slug: string;
  actions: number;
  /** The "as at" date; none for today. */
  asOf?: string;
  /** The date changes are counted from; none for the day the plan was issued. */
  since?: string;
}

/**
 * The board pack to download in each format, with its type and roughly how big it is (GOV.UK's
 * attachment pattern). Each file is read through the API client, which sends the session's token.
 */
export function PackDownloads({ planId, slug, actions, asOf, since }: Props) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const query = { as_of: asOf, since };
  const address = (format: PackFormat) => {
    const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
    return `/api/v1/plans/${planId}/pack.${format}${search.size ? `?${search}` : ""}`;
  };

  const filename = (format: PackFormat) => `${slug}-board-pack-${asOf ?? todayInLondon()}.${format}`;
  const options = { params: { path: { plan_id: planId }, query }, parseAs: "blob" as const };
  const pdf = usePdfDownload(() => api.GET("/api/v1/plans/{plan_id}/pack.pdf", options), filename("pdf"), setProblem);

  async function download(event: Event, format: "xlsx" | "csv") {
    event.preventDefault();
    const file = await call(format === "xlsx" ? api.GET("/api/v1/plans/{plan_id}/pack.xlsx", options)
      : api.GET("/api/v1/plans/{plan_id}/pack.csv", options));
    if (!file.ok) return setProblem(file.problem);
    setProblem(null);
    saveFile(file.data as unknown as Blob, filename(format));
  }

  return (
    <section class="app-no-print" aria-labelledby="pack-downloads">
      {problem && <ErrorSummary errors={[{ text: problem.detail ?? problem.title }]} />}
      <h2 class="govuk-heading-m" id="pack-downloads">Download the board pack</h2>
      <p class="govuk-body">
        As at {asOf ? formatDate(asOf) : "today"}, with changes since {since ? formatDate(since) : "the plan was issued"}.
      </p>
      <ul class="govuk-list app-pack-downloads">
        {FILES.map(({ format, type, use }) => (
          <li key={format}>
            <a class="govuk-link" href={address(format)}
              onClick={(event) => { setProblem(null); return format === "pdf" ? pdf.start(event) : download(event, format); }}>
              Board pack as {type === "Excel spreadsheet" ? "a spreadsheet" : `a ${type}`}
            </a>{" "}
            <span class="govuk-body-s">({type}, {packSizeWords(format, actions)}): {use}</span>
          </li>
        ))}
      </ul>
      <PdfStatus status={pdf.status} filename={filename("pdf")} />
    </section>
  );
}

export function actionCount(areas: { action_count: number }[]): number {
  return areas.reduce((total, area) => total + area.action_count, 0);
}
