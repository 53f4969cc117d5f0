import type { VNode } from "preact";
import type { Resource } from "../lib/use-resource";
import { ProblemPage } from "./problem-page";

/** Shows "Loading", the page, or why it cannot be shown. */
export function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => VNode }) {
  if (resource.status === "loading") return <p class="govuk-body" role="status">Loading…</p>;
  if (resource.status === "failed") return <ProblemPage problem={resource.problem} />;
  return children(resource.data);
}
