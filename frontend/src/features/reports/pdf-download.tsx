// A board pack's PDF is laid out on the server by a background job: the first ask may be answered
// "being prepared" (202) with when to ask again. This asks again until the file is there, says so in a
// live region, and offers the file once it is ready as a link to save it (one the reader follows: a
// browser may block a download that nobody clicked for).
import { useEffect, useRef, useState } from "preact/hooks";
import type { components } from "../../api/schema";
import { toProblem, type Problem } from "../../api/problem";
import { saveFile } from "../../lib/save-file";

type Preparing = components["schemas"]["PackPreparing"];
type Answer = { data?: unknown; error?: unknown; response: Response };

/** What asking for the PDF once gave. */
export type PdfAnswer =
  | { state: "ready"; file: Blob }
  | { state: "preparing"; retryAfterSeconds: number }
  | { state: "failed"; problem: Problem };

/** Asks once. `request` is the typed client's GET with `parseAs: "blob"`. */
export async function askForPdf(request: () => Promise<Answer>): Promise<PdfAnswer> {
  try {
    const { data, error, response } = await request();
    if (response.status === 202) {
      const body = JSON.parse(await (data as Blob).text()) as Preparing;
      return { state: "preparing", retryAfterSeconds: body.retry_after_seconds };
    }
    if (!response.ok) return { state: "failed", problem: toProblem(error, response.status) };
    return { state: "ready", file: data as Blob };
  } catch {
    return { state: "failed", problem: toProblem(undefined, 0) };
  }
}

type Status = { state: "idle" } | { state: "preparing" } | { state: "ready"; url: string };

/**
 * Downloads the PDF on the first ask when it is ready; otherwise keeps asking, after the wait the
 * server gives, until it is ready or fails. `onProblem` shows a failure (the page's error summary).
 */
export function usePdfDownload(request: () => Promise<Answer>, filename: string, onProblem: (problem: Problem) => void) {
  const [status, setStatus] = useState<Status>({ state: "idle" });
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  // The saved file's address lives as long as the link offering it.
  useEffect(() => (status.state === "ready" ? () => URL.revokeObjectURL(status.url) : undefined), [status]);

  async function ask(first: boolean) {
    const answer = await askForPdf(request);
    if (answer.state === "preparing") {
      setStatus({ state: "preparing" });
      timer.current = window.setTimeout(() => void ask(false), answer.retryAfterSeconds * 1000);
    } else if (answer.state === "failed") {
      setStatus({ state: "idle" });
      onProblem(answer.problem);
    } else if (first) {
      setStatus({ state: "idle" });
      saveFile(answer.file, filename);
    } else {
      setStatus({ state: "ready", url: URL.createObjectURL(answer.file) });
    }
  }

  function start(event: Event) {
    event.preventDefault();
    if (status.state === "preparing") return; // already asking
    window.clearTimeout(timer.current);
    void ask(true);
  }

  return { status, start };
}

/**
 * Where the PDF's progress is announced: always on the page, so that a screen reader hears each change.
 * A polite live region without role="status", which the SPA keeps for "still loading".
 */
export function PdfStatus({ status, filename }: { status: Status; filename: string }) {
  return (
    <div aria-live="polite">
      {status.state === "preparing" && (
        <div class="govuk-inset-text">
          The PDF is being prepared. This can take a few minutes for a large plan: keep this page open and a link
          to save it will appear here.
        </div>
      )}
      {status.state === "ready" && (
        <div class="govuk-inset-text">
          The PDF is ready.{" "}
          <a class="govuk-link" href={status.url} download={filename}>Save the board pack PDF</a>
        </div>
      )}
    </div>
  );
}
