import type { Problem } from "../../api/problem";

// Which two versions the versions page compares, and the words for how a version was made. Pure, so unit-tested.

export interface Comparison {
  from: number;
  to: number;
}

/**
 * The pair asked for in the address (?from=1&to=3), when both are versions of the plan; otherwise the
 * latest version against the one before it. Null while the plan has one version: nothing to compare.
 */
export function chooseComparison(search: string, numbers: number[]): Comparison | null {
  if (numbers.length < 2) return null;
  const query = new URLSearchParams(search);
  const from = Number(query.get("from"));
  const to = Number(query.get("to"));
  if (numbers.includes(from) && numbers.includes(to)) return { from, to };
  const latest = numbers[numbers.length - 1];
  return { from: numbers[numbers.length - 2], to: latest };
}

const SOURCES: Record<string, string> = {
  import: "The plan file, first imported",
  rebaseline_api: "Re-baselined in the application",
  rebaseline_cli: "Re-baselined from the command line",
};

export function sourceWords(source: string): string {
  return SOURCES[source] ?? source;
}

/**
 * A refused plan file's problems, for the form: each names where in the file it is ("plan.areas[0].title"),
 * and the first is shown at the file field (the form has no field for a line of the file).
 */
export function fileProblem(problem: Problem): Problem {
  if (!problem.errors) return problem;
  let first = true;
  const errors = problem.errors.map((error) => {
    if (error.loc[0] !== "body" || error.loc[1] !== "file" || error.loc.length === 2) return error;
    const where = filePath(error.loc.slice(2));
    const named = { ...error, msg: `In the file at ${where}: ${error.msg}` };
    if (!first) return named;
    first = false;
    return { ...named, loc: ["body", "file"] };
  });
  return { ...problem, errors };
}

function filePath(loc: (string | number)[]): string {
  return loc.reduce<string>((path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : String(part)), "");
}
