import { STATUSES, type ActionStatus } from "../lib/rag";

export function RagTag({ status }: { status: ActionStatus }) {
  const { label, tag } = STATUSES[status];
  return <strong class={`govuk-tag ${tag}`}>{label}</strong>;
}
