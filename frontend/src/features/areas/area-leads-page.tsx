import { api, call } from "../../api/client";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";

/** For assistant directors and the director: the Head of Service who leads each area. */
export function AreaLeadsPage({ planId }: { planId: number }) {
  const [resource] = useResource(() => call(api.GET("/api/v1/plans/{plan_id}/areas", { params: { path: { plan_id: planId } } })));
  return (
    <Loaded resource={resource}>
      {(areas) => (
        <>
          <FlashBanner />
          <PageHeading title="Area leads" />
          <p class="govuk-body">Each area for improvement is led by a Head of Service, who decides on its actions' proposals and evidence.</p>
          <dl class="govuk-summary-list">
            {areas.map((area) => (
              <div class="govuk-summary-list__row" key={area.id}>
                <dt class="govuk-summary-list__key">Area {area.number}: {area.title}</dt>
                <dd class="govuk-summary-list__value">{area.lead?.name ?? "No lead"}</dd>
                <dd class="govuk-summary-list__actions">
                  <a class="govuk-link" href={paths.areaLead(area.id)}>Change<span class="govuk-visually-hidden"> lead of area {area.number}</span></a>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </Loaded>
  );
}
