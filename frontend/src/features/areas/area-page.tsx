import { api, call } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { ActionsTable } from "../actions/actions-table";
import { MeasuresPanel } from "../measures/measures-panel";

export function AreaPage({ areaId }: { areaId: number }) {
  const { me } = useSession();
  const [resource] = useResource(() => call(api.GET("/api/v1/areas/{area_id}", { params: { path: { area_id: areaId } } })));
  return (
    <Loaded resource={resource}>
      {(area) => (
        <>
          <BackLink href={paths.plan(area.plan_id)}>Back to the plan</BackLink>
          <FlashBanner />
          <PageHeading title={`Area ${area.number}: ${area.title}`} caption="Area for improvement" />
          <SummaryList rows={[{
            key: "Lead",
            value: area.lead?.name ?? "No lead",
            change: can(me, "area:assign_lead") ? { href: paths.areaLead(area.id), what: "lead" } : undefined,
          }]} />
          <h2 class="govuk-heading-m">Outcomes</h2>
          <ul class="govuk-list govuk-list--bullet">
            {area.outcomes.map((outcome) => <li key={outcome}>{outcome}</li>)}
          </ul>
          <h2 class="govuk-heading-m">Actions</h2>
          <ActionsTable caption={`Actions of area ${area.number}`} actions={area.actions} />
          <h2 class="govuk-heading-m">Measures of the area</h2>
          <p class="govuk-body">Measures of the area as a whole. Each action's own measures are on its page.</p>
          <MeasuresPanel areaId={area.id} />
        </>
      )}
    </Loaded>
  );
}
