import { api, call, ok } from "../../api/client";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { AbbrText } from "../actions/abbr-text";
import { ActionsTable } from "../actions/actions-table";
import { MeasuresPanel } from "../measures/measures-panel";
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
          <FlashBanner />
          <PageHeading title={`Area ${area.number}: ${area.title}`} caption="Area for improvement" />
          <SummaryList rows={[{
            key: "Lead",
            value: area.lead?.name ?? "No lead",
            change: can(me, "area:assign_lead") ? { href: paths.areaLead(area.id), what: "lead" } : undefined,
          }]} />
          <h2 class="govuk-heading-m">Outcomes</h2>
          <p class="govuk-body">The plan lists its outcomes apart from its actions. Under each, the actions whose words say they serve it.</p>
          <ol class="govuk-list govuk-list--number">
            {area.outcomes.map((outcome, i) => {
              const serving = area.actions.filter((a) => a.outcomes.includes(i + 1));
              return (
                <li key={outcome}>
                  <AbbrText text={outcome} acronyms={acronyms.get(area.plan_id)!} />
                  <p class="govuk-body-s govuk-!-margin-top-1">
                    {serving.length === 0 ? "No action's words name this outcome." : <>Served by {serving.map((a, j) => (
                      <span key={a.id}>{j > 0 && ", "}<a class="govuk-link" href={paths.action(a.id)}>
                        <span class="govuk-visually-hidden">action </span>{a.ref}</a></span>))}</>}
                  </p>
                </li>
              );
            })}
          </ol>
          {area.actions.some((a) => a.outcomes.length === 0) && (
            <p class="govuk-body">
              Not linked to an outcome (their words fit several or none):{" "}
              {area.actions.filter((a) => a.outcomes.length === 0).map((a) => a.ref).join(", ")}.
            </p>
          )}
          <h2 class="govuk-heading-m">Actions</h2>
          <ActionsTable caption={`Actions of area ${area.number}`} actions={area.actions} acronyms={acronyms} />
          <h2 class="govuk-heading-m">Measures of the area</h2>
          <p class="govuk-body">Measures of the area as a whole. Each action's own measures are on its page.</p>
          <MeasuresPanel areaId={area.id} />
        </>
      )}
    </Loaded>
  );
}
