import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { mayWithdraw } from "./evidence-text";
import { useEvidenceOnHome } from "./use-evidence";

/** "Are you sure?" before evidence is withdrawn: the API has no way to bring it back. */
export function WithdrawEvidencePage({ evidenceId }: { evidenceId: number }) {
  const { me } = useSession();
  const [resource] = useEvidenceOnHome(evidenceId);
  const form = useFormErrors({});
  const [busy, setBusy] = useState(false);
  return (
    <Loaded resource={resource}>
      {({ evidence, action }) => {
        async function withdraw(event: Event) {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          const result = await call(api.POST("/api/v1/evidence/{evidence_id}/withdraw", { params: { path: { evidence_id: evidence.id } } }));
          setBusy(false);
          if (!result.ok) return form.fail(result.problem);
          navigate(paths.action(action.id), { flash: { kind: "success", text: `“${evidence.title}” is withdrawn` } });
        }
        return (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
              <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
              <FormErrors form={form} />
              <PageHeading title={`Are you sure you want to withdraw “${evidence.title}”?`}
                caption={`Evidence for action ${action.ref}`} hasErrors={!!form.errors} />
              {mayWithdraw(me, evidence, action) ? (
                <>
                  <p class="govuk-body">It will no longer count as evidence for action {action.ref}. You cannot undo this: to use it again, add it again.</p>
                  <form noValidate onSubmit={withdraw}>
                    <div class="govuk-button-group">
                      <button type="submit" class="govuk-button govuk-button--warning">Yes, withdraw it</button>
                      <a class="govuk-link" href={paths.action(action.id)}>No, keep it</a>
                    </div>
                  </form>
                </>
              ) : (
                <p class="govuk-body">You cannot withdraw this evidence: it is already withdrawn, or only the person who added it and those who run the action may withdraw it.</p>
              )}
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}
