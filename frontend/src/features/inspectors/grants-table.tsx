import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { formatDate, formatDateTime } from "../../lib/dates";
import type { FormState } from "../../lib/use-form-errors";

type Grant = components["schemas"]["InspectorGrantPublic"];

interface Props {
  grants: Grant[];
  form: FormState;
  onRevoked: (grant: Grant) => void;
}

function grantState(grant: Grant): { text: string; tag: string } {
  if (grant.live) return { text: "Has access", tag: "govuk-tag--green" };
  return grant.revoked_at ? { text: "Revoked", tag: "govuk-tag--red" } : { text: "Expired", tag: "govuk-tag--grey" };
}

export function GrantsTable({ grants, form, onRevoked }: Props) {
  const [busy, setBusy] = useState(false);
  async function revoke(grant: Grant) {
    if (busy) return;
    setBusy(true);
    const result = await call(api.DELETE("/api/v1/inspector-grants/{grant_id}", { params: { path: { grant_id: grant.id } } }));
    setBusy(false);
    if (result.ok) onRevoked(result.data);
    else form.fail(result.problem);
  }
  if (grants.length === 0) return <p class="govuk-body">No inspector has been given access to this plan.</p>;
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">Inspectors given access to this plan</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Inspector</th>
          <th scope="col" class="govuk-table__header">Until</th>
          <th scope="col" class="govuk-table__header">Given</th>
          <th scope="col" class="govuk-table__header">Access</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {grants.map((grant) => {
          const state = grantState(grant);
          return (
            <tr class="govuk-table__row" key={grant.id}>
              <th scope="row" class="govuk-table__header">{grant.inspector_name}</th>
              <td class="govuk-table__cell" data-label="Until">{formatDate(grant.expires_on)}</td>
              <td class="govuk-table__cell" data-label="Given">{formatDateTime(grant.granted_at)}</td>
              <td class="govuk-table__cell" data-label="Access"><strong class={`govuk-tag ${state.tag}`}>{state.text}</strong></td>
              <td class="govuk-table__cell">
                {grant.live && (
                  <button type="button" class="govuk-button govuk-button--warning govuk-button--small app-table-button" onClick={() => revoke(grant)}>
                    Revoke<span class="govuk-visually-hidden"> access for {grant.inspector_name}</span>
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
