import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { formatDateTime } from "../../lib/dates";
import type { FormState } from "../../lib/use-form-errors";

type Plan = components["schemas"]["PlanPublic"];

/** Publishing lets inspectors with a grant read the plan; once published, the page says since when. */
export function PublishPlan({ plan, form, onPublished }: { plan: Plan; form: FormState; onPublished: () => void }) {
  const [busy, setBusy] = useState(false);
  async function publish() {
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/plans/{plan_id}/publish", { params: { path: { plan_id: plan.id } } }));
    setBusy(false);
    if (result.ok) onPublished();
    else form.fail(result.problem);
  }
  if (plan.published_at) {
    return (
      <>
        <h2 class="govuk-heading-m">Published</h2>
        <p class="govuk-body">
          The plan was published to inspectors on {formatDateTime(plan.published_at)}. Inspectors with access read its
          approved statuses and accepted evidence without personal data.
        </p>
      </>
    );
  }
  return (
    <>
      <h2 class="govuk-heading-m">Publish the plan</h2>
      <p class="govuk-body">
        Inspectors can read a plan only once it is published, and then only its approved statuses and accepted
        evidence without personal data.
      </p>
      <button type="button" class="govuk-button govuk-button--secondary" onClick={publish}>Publish the plan to inspectors</button>
    </>
  );
}
