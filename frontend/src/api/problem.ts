// The API's errors are RFC 9457 problem documents; this turns them into what a GOV.UK form shows:
// an error summary whose items link to fields, and each field's own message.
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];

/** Anything openapi-fetch hands back as an error (or a failed fetch) → a Problem. */
export function toProblem(error: unknown, status: number): Problem {
  if (error && typeof error === "object" && "detail" in error && typeof error.detail === "string") {
    return error as Problem;
  }
  if (status === 0) {
    return { type: "about:blank", title: "No connection", status: 0, code: "network_error",
      detail: "The service could not be reached. Check your connection and try again." };
  }
  return { type: "about:blank", title: "Unexpected answer", status, code: "unexpected_response",
    detail: "Something went wrong. Try again later." };
}

/** A form field as the API names it, and where it is on the page. */
export interface FieldSpec {
  id: string;
  label: string;
  /** Replaces the API's "Field required" with the GOV.UK wording, e.g. "Enter your password". */
  missing?: string;
  /**
   * Replaces the API's wording of a value of the wrong shape (a date that is not a date, an address
   * that does not match its pattern): pydantic's own messages are written for programmers. The
   * service's rules ("Red needs a revised date", type `value_error`) are written for people and kept,
   * except a date the API could not read at all (code `invalid_date`, "day is out of range for month").
   */
  invalid?: string;
}

export interface FormErrors {
  summary: { text: string; href?: string }[];
  fields: Record<string, string>;
}

/**
 * Maps a problem to the form's fields. A validation failure (422) is mapped by each `errors[].loc`
 * (["body", "password"]); an error whose place names no field of the form may still name one by its
 * `type` in `codeFields` (e.g. `missing_note`). Any other problem (409, 412, 403 …) is told in its
 * `detail`, placed at the field its `code` is about, if the form says (e.g. `evidence_duplicate` →
 * the file). Anything else is listed unlinked.
 */
export function problemToFormErrors(
  problem: Problem,
  fields: Record<string, FieldSpec>,
  codeFields: Record<string, string> = {},
): FormErrors {
  const result: FormErrors = { summary: [], fields: {} };
  const add = (name: string | undefined, text: string) => {
    const spec = name === undefined ? undefined : fields[name];
    if (!spec) {
      if (!result.summary.some((item) => item.text === text)) result.summary.push({ text });
    } else if (!(name! in result.fields)) {
      result.fields[name!] = text;
      result.summary.push({ text, href: `#${spec.id}` });
    }
  };
  if (problem.status === 422 && problem.errors?.length) {
    for (const error of problem.errors) {
      const located = fieldName(error.loc);
      const name = fields[located] ? located : codeFields[error.type];
      const spec = name === undefined ? undefined : fields[name];
      let text = readable(error.msg);
      if (spec && error.type === "missing") text = spec.missing ?? `Enter ${lowerFirst(spec.label)}`;
      else if (spec?.invalid && (error.type !== "value_error" || problem.code === "invalid_date")) text = spec.invalid;
      add(name, text);
    }
  } else {
    add(codeFields[problem.code], problem.detail);
  }
  return result;
}

/**
 * The field an error's `loc` names: without where it was sent ("body", "query", "path"), and without
 * the steps pydantic adds when it tries each branch of a union ("constrained-str", "CaseReference",
 * "none"), so ["body", "case_reference", "CaseReference", "system"] is "case_reference.system".
 */
export function fieldName(loc: (string | number)[]): string {
  const parts = loc.map(String);
  if (["body", "query", "path", "header"].includes(parts[0])) parts.shift();
  return parts.filter((part) => !/^[A-Z][A-Za-z0-9]*$|-|\[|^none$/.test(part)).join(".");
}

/** pydantic prefixes the message of a rule's error with "Value error, ". */
function readable(message: string): string {
  const text = message.replace(/^Value error, /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** For a page whose object the API does not list (an unknown id in the address bar). */
export const NOT_FOUND: Problem = { type: "about:blank", title: "Not found", status: 404, code: "not_found", detail: "" };
