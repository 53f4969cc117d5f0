import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";

type Area = components["schemas"]["AreaPublic"];
type User = components["schemas"]["UserPublic"];

const FIELDS = { lead_id: { id: "lead", label: "Lead" } };

export function AreaLeadPage({ areaId }: { areaId: number }) {
  const [resource] = useResource(async () => {
    const [area, heads] = await Promise.all([
      call(api.GET("/api/v1/areas/{area_id}", { params: { path: { area_id: areaId } } })),
      call(api.GET("/api/v1/users", { params: { query: { role: "head_of_service" } } })),
    ]);
    if (!area.ok) return area;
    if (!heads.ok) return heads;
    return ok({ area: area.data, heads: heads.data.filter((user) => user.is_active) });
  });
  return <Loaded resource={resource}>{({ area, heads }) => <LeadForm area={area} heads={heads} />}</Loaded>;
}

function LeadForm({ area, heads }: { area: Area; heads: User[] }) {
  const [leadId, setLeadId] = useState(area.lead ? String(area.lead.id) : "");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(api.PUT("/api/v1/areas/{area_id}/lead", {
      params: { path: { area_id: area.id } },
      body: { lead_id: leadId ? Number(leadId) : null },
    }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    const text = result.data.lead ? `${result.data.lead.name} now leads area ${area.number}` : `Area ${area.number} has no lead now`;
    navigate(paths.areaLeads(area.plan_id), { flash: { kind: "success", text } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.areaLeads(area.plan_id)}>Back to area leads</BackLink>
        <FormErrors form={form} />
        <PageHeading title={`Who leads area ${area.number}?`} caption={area.title} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Radios id="lead" legend="Lead" hint="A Head of Service." value={leadId} onChange={setLeadId} error={form.error("lead_id")}
            options={[...heads.map((user) => ({ value: String(user.id), text: user.name })), { value: "", text: "No lead" }]} />
          <button type="submit" class="govuk-button">Save lead</button>
        </form>
      </div>
    </div>
  );
}
