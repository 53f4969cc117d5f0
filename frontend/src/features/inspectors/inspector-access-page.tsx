import { api, call, ok } from "../../api/client";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { formatDate } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { GRANT_FIELDS, GrantForm } from "./grant-form";
import { GrantsTable } from "./grants-table";
import { PublishPlan } from "./publish-plan";
import { ReadsTable } from "./reads-table";

/** For the director: publish the plan, give inspectors access until a date, see what they read. */
export function InspectorAccessPage({ planId }: { planId: number }) {
  const path = { params: { path: { plan_id: planId } } };
  const [resource] = useResource(async () => {
    const [plan, grants, reads, inspectors] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", path)),
      call(api.GET("/api/v1/plans/{plan_id}/inspector-grants", path)),
      call(api.GET("/api/v1/plans/{plan_id}/inspector-reads", path)),
      call(api.GET("/api/v1/users", { params: { query: { role: "inspector" } } })),
    ]);
    if (!plan.ok) return plan;
    if (!grants.ok) return grants;
    if (!reads.ok) return reads;
    if (!inspectors.ok) return inspectors;
    return ok({ plan: plan.data, grants: grants.data, reads: reads.data, inspectors: inspectors.data.filter((u) => u.is_active) });
  });
  const form = useFormErrors(GRANT_FIELDS, { grant_exists: "inspector_id" });

  /** After a change the page is loaded afresh, with what changed in a banner. */
  const done = (text: string) => navigate(paths.inspectorAccess(planId), { replace: true, flash: { kind: "success", text } });

  return (
    <Loaded resource={resource}>
      {({ plan, grants, reads, inspectors }) => (
        <>
          <FormErrors form={form} />
          <FlashBanner />
          <PageHeading title="Inspector access" caption={plan.title} hasErrors={!!form.errors} />
          <PublishPlan plan={plan} form={form} onPublished={() => done("The plan is published to inspectors")} />
          <GrantForm planId={planId} inspectors={inspectors} form={form}
            onGranted={(grant) => done(`${grant.inspector_name} can read the plan until the end of ${formatDate(grant.expires_on)}`)} />
          <h2 class="govuk-heading-m">Inspectors with access</h2>
          <GrantsTable grants={grants} form={form} onRevoked={(grant) => done(`${grant.inspector_name} can no longer read the plan`)} />
          <h2 class="govuk-heading-m">What inspectors have read</h2>
          <ReadsTable reads={reads} />
        </>
      )}
    </Loaded>
  );
}
