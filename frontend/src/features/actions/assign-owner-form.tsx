import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { Select } from "../../components/select";
import { OWNER_ROLES, ROLE_NAMES } from "../../lib/roles";
import type { FormState } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";

type Action = components["schemas"]["ActionPublic"];

export const ASSIGN_OWNER_FIELDS = { owner_id: { id: "owner", label: "Owner" } };

interface Props {
  action: Action;
  /** The version of the action the page shows: a change made meanwhile is refused, not overwritten. */
  etag: string | undefined;
  /** The page's form state: its error summary sits at the top of the page. */
  form: FormState;
  onSaved: (action: Action, etag: string | undefined) => void;
}

/** For assistant directors and the director: who owns the action. */
export function AssignOwnerForm({ action, etag, form, onSaved }: Props) {
  const [people] = useResource(() => call(api.GET("/api/v1/users")));
  const [ownerId, setOwnerId] = useState(action.owner ? String(action.owner.id) : "");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(api.PUT("/api/v1/actions/{action_id}/owner", {
      params: { path: { action_id: action.id }, header: ifMatch(etag) },
      body: { owner_id: ownerId ? Number(ownerId) : null },
    }));
    setBusy(false);
    if (result.ok) {
      form.clear();
      onSaved(result.data, result.etag);
    } else {
      form.fail(explainWriteProblem(result.problem));
    }
  }

  // The form waits for the list: a select without the current owner in it would clear them on save.
  if (people.status === "loading") return <p class="govuk-body" role="status">Loading the people who can own an action…</p>;
  if (people.status === "failed") return <p class="govuk-body">The people who can own an action could not be listed: {people.problem.detail}</p>;
  const candidates = people.data.filter((user) => user.is_active && OWNER_ROLES.includes(user.role));
  return (
    <form noValidate onSubmit={submit}>
      <h2 class="govuk-heading-m">Assign an owner</h2>
      <Select id="owner" label="Owner" value={ownerId} onChange={setOwnerId} error={form.error("owner_id")}
        options={[
          { value: "", text: "No owner" },
          ...candidates.map((user) => ({ value: String(user.id), text: `${user.name} (${ROLE_NAMES[user.role]})` })),
        ]} />
      <button type="submit" class="govuk-button">Save owner</button>
    </form>
  );
}
