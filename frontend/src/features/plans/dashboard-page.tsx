import { api, call, ok } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { ActionsTable } from "../actions/actions-table";
import { MeasuresTable } from "../measures/measures-table";
import { RagCountsTable } from "./rag-counts-table";
import { StatusLegend } from "./status-legend";
import { TrendChart } from "./trend-chart";

export function DashboardPage({ planId }: { planId: number }) {
  const { me } = useSession();
  // Pending proposals are no inspector's business (the API would show them none); deciders get their queue's size.
  const seesPending = can(me, "plan:read_drafts");
  const decides = can(me, "proposal:decide");
  const [resource] = useResource(async () => {
    const [plan, overdue, trend, measures, pending, mine] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } })),
      call(api.GET("/api/v1/actions", { params: { query: { plan_id: planId, overdue: true, limit: 500 } } })),
      call(api.GET("/api/v1/plans/{plan_id}/trend", { params: { path: { plan_id: planId } } })),
      call(api.GET("/api/v1/plans/{plan_id}/measures", { params: { path: { plan_id: planId } } })),
      seesPending ? call(api.GET("/api/v1/proposals", { params: { query: { plan_id: planId, state: "pending", limit: 1 } } })) : null,
      decides ? call(api.GET("/api/v1/proposals", { params: { query: { plan_id: planId, decidable: true, limit: 1 } } })) : null,
    ]);
    if (!plan.ok) return plan;
    if (!overdue.ok) return overdue;
    if (!trend.ok) return trend;
    if (!measures.ok) return measures;
    if (pending && !pending.ok) return pending;
    if (mine && !mine.ok) return mine;
    return ok({ plan: plan.data, overdue: overdue.data, trend: trend.data, measures: measures.data,
      pending: pending?.data.total ?? null, mine: mine?.data.total ?? null });
  });
  return (
    <Loaded resource={resource}>
      {({ plan, overdue, trend, measures, pending, mine }) => (
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
              <a class="govuk-link" href={paths.boardReport(plan.id)}>Board report</a>: the plan as at a date, ready to print
            </li>
          </ul>
          <h2 class="govuk-heading-m">Actions by status</h2>
          <RagCountsTable areas={plan.areas} acronyms={plan.acronyms} />
          <StatusLegend legend={plan.legend} />
          <h2 class="govuk-heading-m">Actions by status over time</h2>
          <p class="govuk-body">As approved at the end of each month, and today.</p>
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
        </>
      )}
    </Loaded>
  );
}
