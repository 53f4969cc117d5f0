import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { DateInput } from "../../components/date-input";
import { Select } from "../../components/select";
import { datePartsToIso, type DateParts } from "../../lib/dates";
import type { FormState } from "../../lib/use-form-errors";

type User = components["schemas"]["UserPublic"];
type Grant = components["schemas"]["InspectorGrantPublic"];
type GrantCreate = components["schemas"]["InspectorGrantCreate"];

export const GRANT_FIELDS = {
  inspector_id: { id: "inspector", label: "Inspector", missing: "Choose an inspector" },
  expires_on: { id: "expires-on", label: "Access until", missing: "Enter the last day they may read the plan" },
};

interface Props {
  planId: number;
  inspectors: User[];
  form: FormState;
  onGranted: (grant: Grant) => void;
}

export function GrantForm({ planId, inspectors, form, onGranted }: Props) {
  const [inspectorId, setInspectorId] = useState("");
  const [until, setUntil] = useState<DateParts>({ day: "", month: "", year: "" });
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    // Unchosen values are left out, so the API's "Field required" names each field.
    const body = {
      ...(inspectorId ? { inspector_id: Number(inspectorId) } : {}),
      ...(datePartsToIso(until) ? { expires_on: datePartsToIso(until) } : {}),
    } as GrantCreate;
    const result = await call(api.POST("/api/v1/plans/{plan_id}/inspector-grants", { params: { path: { plan_id: planId } }, body }));
    setBusy(false);
    if (result.ok) onGranted(result.data);
    else form.fail(result.problem);
  }

  return (
    <form noValidate onSubmit={submit}>
      <h2 class="govuk-heading-m">Give an inspector access</h2>
      <Select id="inspector" label="Inspector" value={inspectorId} onChange={setInspectorId} error={form.error("inspector_id")}
        options={[{ value: "", text: "Choose an inspector" }, ...inspectors.map((u) => ({ value: String(u.id), text: `${u.name} (${u.email})` }))]} />
      <DateInput id="expires-on" legend="Access until" hint="The last day they may read the plan, for example 30 6 2027."
        value={until} onInput={setUntil} error={form.error("expires_on")} />
      <button type="submit" class="govuk-button">Give access</button>
    </form>
  );
}
