import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { formatDateTime } from "../../lib/dates";
import { ROLE_NAMES } from "../../lib/roles";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { decidedMessage } from "./role-change-text";

type RoleChange = components["schemas"]["RoleChangePublic"];

/** The director's queue of elevations an administrator asked for: nothing changes until confirmed here. */
export function RoleChangesPage() {
  const [resource] = useResource(() => call(api.GET("/api/v1/role-changes", { params: { query: { pending_only: true } } })));
  const form = useFormErrors({});
  const [busy, setBusy] = useState(false);

  async function decide(change: RoleChange, decision: "confirm" | "refuse") {
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/role-changes/{change_id}/decision",
      { params: { path: { change_id: change.id } }, body: { decision } }));
    setBusy(false);
    if (result.ok) navigate(paths.roleChanges(), { replace: true, flash: { kind: "success", text: decidedMessage(result.data) } });
    else form.fail(result.problem);
  }

  return (
    <Loaded resource={resource}>
      {(changes) => (
        <>
          <FormErrors form={form} />
          <FlashBanner />
          <PageHeading title="Role changes" hasErrors={!!form.errors} />
          <p class="govuk-body">
            An administrator may ask for someone to become director, assistant director or inspector. Nothing changes
            until a director other than the one concerned confirms it.
          </p>
          {changes.length === 0 ? <p class="govuk-body">No role change is waiting.</p> : (
            <table class="govuk-table app-stack">
              <caption class="govuk-table__caption govuk-visually-hidden">Role changes waiting for a director</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Person</th>
                  <th scope="col" class="govuk-table__header">Now</th>
                  <th scope="col" class="govuk-table__header">To become</th>
                  <th scope="col" class="govuk-table__header">Asked by</th>
                  <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Decision</span></th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {changes.map((change) => (
                  <tr class="govuk-table__row" key={change.id}>
                    <th scope="row" class="govuk-table__header">{change.user_name}<br /><span class="govuk-body-s">{change.user_email}</span></th>
                    <td class="govuk-table__cell" data-label="Now">{ROLE_NAMES[change.user_role]}{change.user_is_active ? "" : " (deactivated)"}</td>
                    <td class="govuk-table__cell" data-label="To become">{ROLE_NAMES[change.role]}</td>
                    <td class="govuk-table__cell" data-label="Asked by">{change.requested_by_name}, {formatDateTime(change.requested_at)}</td>
                    <td class="govuk-table__cell">
                      <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--small app-table-button" onClick={() => decide(change, "confirm")}>
                          Confirm<span class="govuk-visually-hidden"> {change.user_name} as {ROLE_NAMES[change.role]}</span>
                        </button>
                        <button type="button" class="govuk-button govuk-button--warning govuk-button--small app-table-button" onClick={() => decide(change, "refuse")}>
                          Refuse<span class="govuk-visually-hidden"> {change.user_name} as {ROLE_NAMES[change.role]}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Loaded>
  );
}
