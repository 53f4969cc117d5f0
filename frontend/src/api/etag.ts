// Changes that must not overwrite someone else's: each sends the ETag of what the page read in
// If-Match. The API answers 428 when none was sent and 412 when the object changed meanwhile; both
// are told here in words that say what to do, instead of the API's generic ones.
import type { Problem } from "./problem";

/** What the page read and is changing. */
export type Versioned = "action" | "proposal" | "re-schedule request" | "meeting" | "commentary" | "measure" | "reading";

/** The If-Match header of a change, for openapi-fetch's `params.header`. */
export function ifMatch(etag: string | undefined): { "if-match": string | null } {
  return { "if-match": etag ?? null };
}

export const STALE_ACTION = "Someone changed this action since you opened it. Reload the page to see the change.";

export function explainWriteProblem(problem: Problem, what: Versioned = "action"): Problem {
  if (problem.status === 412) {
    return { ...problem, errors: undefined,
      detail: `Someone changed this ${what} since you opened it. Reload the page to see the change.` };
  }
  if (problem.status === 428) {
    return { ...problem, errors: undefined,
      detail: `The page could not tell which version of the ${what} it showed. Reload the page and try again.` };
  }
  return problem;
}
