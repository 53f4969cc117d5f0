// Words for an imported spreadsheet's preview. Pure, so it is unit-tested.

const CHANGES: Record<string, string> = {
  status: "RAG: proposed, for an approver to decide",
  due_date: "Due date: a new date asked for",
  owner: "Owner",
  progress: "Commentary: recorded as progress",
};

export function changeWords(kind: string): string {
  return CHANGES[kind] ?? kind;
}

/** "1 change", "3 changes", "no problems". */
export function countWords(n: number, noun: string): string {
  return n === 0 ? `no ${noun}s` : `${n} ${noun}${n === 1 ? "" : "s"}`;
}
