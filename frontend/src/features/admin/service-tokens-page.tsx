import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { tokenState } from "./token-state";

type ServiceToken = components["schemas"]["ServiceTokenPublic"];

export function ServiceTokensPage() {
  const { me } = useSession();
  const [resource] = useResource(() => call(api.GET("/api/v1/service-tokens")));
  const form = useFormErrors({});
  const [busy, setBusy] = useState(false);

  async function revoke(token: ServiceToken) {
    if (busy) return;
    setBusy(true);
    const result = await call(api.DELETE("/api/v1/service-tokens/{token_id}", { params: { path: { token_id: token.id } } }));
    setBusy(false);
    if (result.ok) navigate(paths.serviceTokens(), { replace: true, flash: { kind: "success", text: `${token.name}: the token is revoked` } });
    else form.fail(result.problem);
  }

  return (
    <Loaded resource={resource}>
      {(tokens) => (
        <>
          <FormErrors form={form} />
          <FlashBanner />
          <PageHeading title="Service tokens" hasErrors={!!form.errors} />
          <p class="govuk-body">Other council systems, such as the performance system, read the plan with a service token. Tokens are read-only.</p>
          {can(me, "plan:read") ? <a href={paths.newServiceToken()} class="govuk-button">Create a service token</a> : (
            <div class="govuk-inset-text">
              A token reads only what whoever issues it may read, so the director or an assistant director issues them.
              You can revoke any token here.
            </div>
          )}
          {tokens.length === 0 ? <p class="govuk-body">There are no service tokens.</p> : <TokensTable tokens={tokens} onRevoke={revoke} />}
        </>
      )}
    </Loaded>
  );
}

function TokensTable({ tokens, onRevoke }: { tokens: ServiceToken[]; onRevoke: (token: ServiceToken) => void }) {
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">Service tokens</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Name</th>
          <th scope="col" class="govuk-table__header">Can</th>
          <th scope="col" class="govuk-table__header">Expires</th>
          <th scope="col" class="govuk-table__header">Last used</th>
          <th scope="col" class="govuk-table__header">State</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {tokens.map((token) => {
          const state = tokenState(token);
          return (
            <tr class="govuk-table__row" key={token.id}>
              <th scope="row" class="govuk-table__header">{token.name}</th>
              <td class="govuk-table__cell" data-label="Can">{token.scopes.join(", ")}</td>
              <td class="govuk-table__cell" data-label="Expires">{formatDateTime(token.expires_at)}</td>
              <td class="govuk-table__cell" data-label="Last used">{token.last_used_at ? formatDateTime(token.last_used_at) : "Never"}</td>
              <td class="govuk-table__cell" data-label="State"><strong class={`govuk-tag ${state.tag}`}>{state.text}</strong></td>
              <td class="govuk-table__cell">
                {state.text === "Live" && (
                  <button type="button" class="govuk-button govuk-button--warning govuk-button--small app-table-button" onClick={() => onRevoke(token)}>
                    Revoke<span class="govuk-visually-hidden"> {token.name}</span>
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
