import { api, call, ok } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { AbbrText } from "../actions/abbr-text";
import { ActionsTable } from "../actions/actions-table";
import { acronymsOf } from "../plans/acronyms";

export function AreaPage({ areaId }: { areaId: number }) {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const area = await call(api.GET("/api/v1/areas/{area_id}", { params: { path: { area_id: areaId } } }));
    if (!area.ok) return area;
    return ok({ area: area.data, acronyms: await acronymsOf([area.data.plan_id]) });
  });
  return (
    <Loaded resource={resource}>
      {({ area, acronyms }) => (
        <>
          <BackLink href={paths.plan(area.plan_id)}>Back to the plan</BackLink>
          <PageHeading title={`Area ${area.number}: ${area.title}`} caption="Area for improvement" />
          <SummaryList rows={[{
            key: "Lead",
            value: area.lead?.name ?? "No lead",
            change: can(me, "area:assign_lead") ? { href: paths.areaLead(area.id), what: "lead" } : undefined,
          }]} />
          <h2 class="govuk-heading-m">Outcomes</h2>
          <ul class="govuk-list govuk-list--bullet">
            {area.outcomes.map((outcome) => <li key={outcome}><AbbrText text={outcome} acronyms={acronyms.get(area.plan_id)!} /></li>)}
          </ul>
          <h2 class="govuk-heading-m">Actions</h2>
          <ActionsTable caption={`Actions of area ${area.number}`} actions={area.actions} acronyms={acronyms} />
        </>
      )}
    </Loaded>
  );
}
