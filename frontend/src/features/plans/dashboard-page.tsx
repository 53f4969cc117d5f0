import { api, call, ok } from "../../api/client";
import type { components } from "../../api/schema";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { ActionsTable } from "../actions/actions-table";
import { actionCount, PackDownloads } from "../reports/pack-downloads";
import { MeasuresTable } from "../measures/measures-table";
import { RagCountsTable } from "./rag-counts-table";
import { StatusLegend } from "./status-legend";
import { formatDate, todayInLondon } from "../../lib/dates";
import { trendEnd } from "./chart";
import { TrendChart } from "./trend-chart";

export function DashboardPage({ planId }: { planId: number }) {
  const { me } = useSession();
  // Pending proposals are no inspector's business (the API would show them none); deciders get their queue's size.
  const seesPending = can(me, "plan:read_drafts");
  const decides = can(me, "proposal:decide");
  const [resource] = useResource(async () => {
    // The chart ends at the plan's latest activity when that is long past (see trendEnd), so it needs the plan first.
    const plan = await call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } }));
    if (!plan.ok) return plan;
    const to = trendEnd(plan.data.last_activity_on, todayInLondon());
    const [overdue, all, trend, measures, pending, mine] = await Promise.all([
      call(api.GET("/api/v1/actions", { params: { query: { plan_id: planId, overdue: true, limit: 500, count: true } } })),
      call(api.GET("/api/v1/actions", { params: { query: { plan_id: planId, limit: 500 } } })),
      call(api.GET("/api/v1/plans/{plan_id}/trend", { params: { path: { plan_id: planId }, query: to ? { to } : {} } })),
      call(api.GET("/api/v1/plans/{plan_id}/measures", { params: { path: { plan_id: planId } } })),
      seesPending ? call(api.GET("/api/v1/proposals", { params: { query: { plan_id: planId, state: "pending", limit: 1 } } })) : null,
      decides ? call(api.GET("/api/v1/proposals", { params: { query: { plan_id: planId, decidable: true, limit: 1 } } })) : null,
    ]);
    if (!overdue.ok) return overdue;
    if (!all.ok) return all;
    if (!trend.ok) return trend;
    if (!measures.ok) return measures;
    if (pending && !pending.ok) return pending;
    if (mine && !mine.ok) return mine;
    return ok({ plan: plan.data, to, overdue: overdue.data, actions: all.data.items, trend: trend.data, measures: measures.data,
      pending: pending?.data.total ?? null, mine: mine?.data.total ?? null });
  });
  return (
    <Loaded resource={resource}>
      {({ plan, to, overdue, actions, trend, measures, pending, mine }) => (
        <>
          <PageHeading title={plan.title} caption={plan.organisation} />
          <ul class="govuk-list app-key-figures">
            {pending !== null && (
              <li>
                <span class="app-key-figures__number">{pending}</span>{" "}
                {pending === 1 ? "status change waits" : "status changes wait"} for a decision
                {mine !== null && (
                  <>
                    {": "}
                    <a class="govuk-link" href={paths.approvals()}>{mine === 0 ? "none for you" : `${mine} for you to decide`}</a>
                  </>
                )}
              </li>
            )}
            <li>
              <a class="govuk-link" href={paths.planAbout(plan.id)}>About this plan</a>: its context, key dates and acronyms
            </li>
            <li>
              <a class="govuk-link" href={paths.planVersions(plan.id)}>Plan versions</a>: the plan as submitted, each re-baseline, and what changed
            </li>
            <li>
              <a class="govuk-link" href={paths.boardReport(plan.id)}>Board report</a>: the plan as at a date, ready to print
            </li>
            <li>
              <a class="govuk-link" href={paths.board(plan.id)}>Board meetings</a>: meetings, their papers, commentary and decisions
            </li>
          </ul>
          <PackDownloads planId={plan.id} slug={plan.slug} actions={actionCount(plan.areas)} />
          {can(me, "status:propose") && (
            <p class="govuk-body app-no-print">
              Edited the spreadsheet offline? <a class="govuk-link" href={paths.importWorkbook(plan.id)}>Import the board
              pack spreadsheet</a> to see its changes before anything is saved.
            </p>
          )}
          <h2 class="govuk-heading-m">Actions by status</h2>
          <RagCountsTable areas={plan.areas} acronyms={plan.acronyms} />
          <StatusLegend legend={plan.legend} />
          <h2 class="govuk-heading-m">Actions by status over time</h2>
          <p class="govuk-body">
            {to ? `As approved at the end of each month, to ${formatDate(to)}: the plan's latest activity.`
              : "As approved at the end of each month, and today."}
          </p>
          <TrendChart points={trend} />
          <h2 class="govuk-heading-m">Measures</h2>
          <p class="govuk-body">The latest reading of each against its trajectory. A suggested status is advice beside the approved one.</p>
          <MeasuresTable measures={measures} caption="Measures of the plan" />
          <h2 class="govuk-heading-m">Overdue actions</h2>
          {overdue.total === 0 ? (
            <p class="govuk-body">No action is overdue.</p>
          ) : (
            <>
              <p class="govuk-body">
                {overdue.total === 1 ? "1 action is" : `${overdue.total} actions are`} overdue: the date of
                their last milestone has passed and they are not Blue.
              </p>
              <ActionsTable caption="Overdue actions" actions={overdue.items} acronyms={new Map([[plan.id, plan.acronyms]])} />
            </>
          )}
          <WatchedActions actions={actions} />
        </>
      )}
    </Loaded>
  );
}

type Action = components["schemas"]["ActionPublic"];

/** Ongoing work that needs an eye kept on it: no update for a review cycle, missed occurrences, Blues still reviewed. */
function WatchedActions({ actions }: { actions: Action[] }) {
  const stale = actions.filter((a) => a.stale);
  const missed = actions.filter((a) => a.missed_occurrences > 0);
  const continuing = actions.filter((a) => a.status === "blue" && a.continuing_review);
  return (
    <>
      <h2 class="govuk-heading-m">Not updated for a review cycle</h2>
      {stale.length === 0 ? <p class="govuk-body">Every action reviewed at board meetings has had an update this cycle.</p> : (
        <>
          <p class="govuk-body">
            {stale.length === 1 ? "1 action has" : `${stale.length} actions have`} had no progress note or approved
            status change for longer than their review cycle (each board meeting, unless set otherwise).
          </p>
          <ActionsTable caption="Actions not updated for a review cycle" actions={stale} />
        </>
      )}
      <h2 class="govuk-heading-m">Repeating targets with a missed occurrence</h2>
      {missed.length === 0 ? <p class="govuk-body">No occurrence of a repeating target has been missed.</p>
        : <ActionsTable caption="Actions with a missed occurrence" actions={missed} />}
      <h2 class="govuk-heading-m">Blue, with a continuing review</h2>
      {continuing.length === 0 ? <p class="govuk-body">No completed action is kept under review.</p> : (
        <>
          <p class="govuk-body">Completed, and still reviewed: the legend's "completed and will be ongoing".</p>
          <ActionsTable caption="Blue actions with a continuing review" actions={continuing} />
        </>
      )}
    </>
  );
}
