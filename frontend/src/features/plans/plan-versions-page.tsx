import { useState } from "preact/hooks";
import { api, call, ok, type Result } from "../../api/client";
import type { components } from "../../api/schema";
import { can, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Select } from "../../components/select";
import { SummaryList } from "../../components/summary-list";
import { formatDate, formatDateTime } from "../../lib/dates";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { chooseComparison, sourceWords, type Comparison } from "./plan-versions";

type Version = components["schemas"]["PlanVersionSummary"];
type Diff = components["schemas"]["VersionDiff"];
type Change = components["schemas"]["ActionChange"];
type Plan = components["schemas"]["PlanPublic"];
interface PageData {
  plan: Plan;
  versions: Version[];
  comparison: Comparison | null;
  diff: Diff | null;
}

/** The plan as submitted and each re-baseline since, and what changed between any two of them. */
export function PlanVersionsPage({ planId }: { planId: number }) {
  const { me } = useSession();
  const [resource] = useResource(async (): Promise<Result<PageData>> => {
    const path = { plan_id: planId };
    const [plan, versions] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path } })),
      call(api.GET("/api/v1/plans/{plan_id}/versions", { params: { path } })),
    ]);
    if (!plan.ok) return plan;
    if (!versions.ok) return versions;
    const comparison = chooseComparison(location.search, versions.data.map((v) => v.number));
    if (!comparison) return ok({ plan: plan.data, versions: versions.data, comparison, diff: null });
    const diff = await call(api.GET("/api/v1/plans/{plan_id}/versions/{earlier}/diff/{later}", {
      params: { path: { plan_id: planId, earlier: comparison.from, later: comparison.to } },
    }));
    if (!diff.ok) return diff;
    return ok({ plan: plan.data, versions: versions.data, comparison, diff: diff.data });
  });
  return (
    <Loaded resource={resource}>
      {({ plan, versions, comparison, diff }) => (
        <>
          <BackLink href={paths.plan(planId)}>Back to the plan</BackLink>
          <FlashBanner />
          <PageHeading title="Plan versions" caption={plan.title} />
          <p class="govuk-body">
            Version 1 is the plan as submitted. After a monitoring visit the director may re-baseline the plan: reword
            actions, move targets, add actions or retire them. Each re-baseline is a new version. Actions keep their
            history across versions, and a retired action is kept, not deleted.
          </p>
          {!readsOnly(me) && can(me, "plan:rebaseline") && (
            <a class="govuk-button" href={paths.rebaseline(planId)}>Re-baseline the plan</a>
          )}
          <VersionsTable versions={versions} />
          {comparison && diff ? (
            <>
              <h2 class="govuk-heading-m">What changed</h2>
              <CompareForm planId={planId} versions={versions} comparison={comparison} />
              <DiffView diff={diff} />
            </>
          ) : (
            <p class="govuk-body">The plan has not been re-baselined: there is nothing to compare yet.</p>
          )}
        </>
      )}
    </Loaded>
  );
}

function VersionsTable({ versions }: { versions: Version[] }) {
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-table__caption--m">Versions</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Version</th>
          <th scope="col" class="govuk-table__header">In effect from</th>
          <th scope="col" class="govuk-table__header">Why</th>
          <th scope="col" class="govuk-table__header">Made</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Actions</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {versions.map((v) => (
          <tr class="govuk-table__row" key={v.number}>
            <th scope="row" class="govuk-table__header">Version {v.number}</th>
            <td class="govuk-table__cell" data-label="In effect from">{formatDate(v.effective_on)}</td>
            <td class="govuk-table__cell" data-label="Why">{v.reason}</td>
            <td class="govuk-table__cell" data-label="Made">
              {sourceWords(v.source)}, {formatDateTime(v.made_at)}{v.made_by ? ` by ${v.made_by.name}` : ""}
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Actions">{v.action_count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CompareForm({ planId, versions, comparison }: { planId: number; versions: Version[]; comparison: Comparison }) {
  const [from, setFrom] = useState(String(comparison.from));
  const [to, setTo] = useState(String(comparison.to));
  const options = versions.map((v) => ({ value: String(v.number), text: `Version ${v.number} (${formatDate(v.effective_on)})` }));
  function submit(event: Event) {
    event.preventDefault();
    navigate(paths.planVersions(planId, { from: Number(from), to: Number(to) }));
  }
  return (
    <form noValidate onSubmit={submit} class="app-no-print">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half"><Select id="from" label="From" options={options} value={from} onChange={setFrom} /></div>
        <div class="govuk-grid-column-one-half"><Select id="to" label="To" options={options} value={to} onChange={setTo} /></div>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary">Compare</button>
    </form>
  );
}

const KINDS: { key: "added" | "retired" | "reworded" | "target_moved" | "due_moved"; title: string; what?: string }[] = [
  { key: "added", title: "Added" },
  { key: "retired", title: "Retired" },
  { key: "reworded", title: "Reworded", what: "Wording" },
  { key: "target_moved", title: "Target changed", what: "Target" },
  { key: "due_moved", title: "Due date moved", what: "Due date" },
];

function DiffView({ diff }: { diff: Diff }) {
  const from = `version ${diff.from_version.number}`;
  const to = `version ${diff.to_version.number}`;
  const total = KINDS.reduce((n, kind) => n + diff[kind.key].length, 0);
  return (
    <>
      <SummaryList rows={KINDS.map((kind) => ({ key: kind.title, value: count(diff[kind.key].length) }))} />
      {total === 0 && <p class="govuk-body">No action was added, retired, reworded or moved from {from} to {to}.</p>}
      {KINDS.filter((kind) => diff[kind.key].length > 0).map((kind) => (
        <table class="govuk-table app-stack" key={kind.key}>
          <caption class="govuk-table__caption govuk-table__caption--s">{kind.title} from {from} to {to}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Action</th>
              <th scope="col" class="govuk-table__header">{kind.what ? `${kind.what} in ${from}` : "Wording"}</th>
              {kind.what && <th scope="col" class="govuk-table__header">{kind.what} in {to}</th>}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {diff[kind.key].map((change) => <ChangeRow change={change} kind={kind} from={from} to={to} key={change.action_id} />)}
          </tbody>
        </table>
      ))}
    </>
  );
}

function ChangeRow({ change, kind, from, to }: { change: Change; kind: (typeof KINDS)[number]; from: string; to: string }) {
  const shown = (value: string | null | undefined) =>
    kind.key === "due_moved" ? (value ? formatDate(value) : "No date") : value ?? "";
  return (
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">
        <a class="govuk-link" href={paths.action(change.action_id)}>{change.ref}</a>
      </th>
      {kind.what ? (
        <>
          <td class="govuk-table__cell" data-label={`${kind.what} in ${from}`}>{shown(change.before)}</td>
          <td class="govuk-table__cell" data-label={`${kind.what} in ${to}`}>{shown(change.after)}</td>
        </>
      ) : (
        <td class="govuk-table__cell" data-label="Wording">{change.text}</td>
      )}
    </tr>
  );
}

function count(n: number): string {
  return n === 1 ? "1 action" : `${n} actions`;
}
