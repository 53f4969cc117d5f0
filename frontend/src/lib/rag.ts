// RAG+Blue as GOV.UK tags: the word carries the meaning, the colour only repeats it.
import type { components } from "../api/schema";

export type ActionStatus = components["schemas"]["ActionStatus"];

export const STATUSES: Record<ActionStatus, { label: string; tag: string }> = {
  red: { label: "Red", tag: "govuk-tag--red" },
  amber: { label: "Amber", tag: "govuk-tag--orange" },
  green: { label: "Green", tag: "govuk-tag--green" },
  blue: { label: "Blue", tag: "govuk-tag--blue" },
  not_started: { label: "Not started", tag: "govuk-tag--grey" },
};

/** The order of the plan's legend: worst first, then done, then not yet rated. */
export const STATUS_ORDER: ActionStatus[] = ["red", "amber", "green", "blue", "not_started"];
