import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import { can, canOnAction, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { NotificationBanner } from "../../components/notification-banner";
import { PageHeading } from "../../components/page-heading";
import { RagTag } from "../../components/rag-tag";
import { SummaryList } from "../../components/summary-list";
import { Tag } from "../../components/tag";
import { formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { ActionDecisions } from "../board/action-decisions";
import { MeasuresPanel } from "../measures/measures-panel";
import { EvidenceTable } from "../evidence/evidence-table";
import { HistoryList } from "../proposals/history-list";
import { PendingProposal } from "../proposals/pending-proposal";
import { pendingProposal, type Proposal } from "../proposals/proposal-text";
import { acronymsOf } from "../plans/acronyms";
import { AbbrText } from "./abbr-text";
import { dueText, nextDueText, paragraphs, refText, reviewText, watchTags } from "./action-text";
import { ASSIGN_OWNER_FIELDS, AssignOwnerForm } from "./assign-owner-form";
import { MilestonesTable } from "./milestones-table";

export function ActionPage({ actionId }: { actionId: number }) {
  const { me } = useSession();
  const path = { params: { path: { action_id: actionId } } };
  const [resource, replace] = useResource(async () => {
    const [read, history, evidence] = await Promise.all([
      call(api.GET("/api/v1/actions/{action_id}", path)),
      call(api.GET("/api/v1/actions/{action_id}/history", path)),
      call(api.GET("/api/v1/actions/{action_id}/evidence", path)),
    ]);
    if (!read.ok) return read;
    if (!history.ok) return history;
    // The plan's glossary spells out its acronyms in the action's text; without it the text still reads.
    const acronyms = (await acronymsOf([read.data.plan_id])).get(read.data.plan_id)!;
    if (!evidence.ok) return evidence;
    // Withdrawing the proposal that waits sends its own ETag: read it only for its author.
    const waiting = pendingProposal(history.data);
    let pending: { proposal: Proposal; etag?: string } | null = waiting ? { proposal: waiting } : null;
    if (waiting && waiting.proposed_by?.id === me.id) {
      const fresh = await call(api.GET("/api/v1/proposals/{proposal_id}", { params: { path: { proposal_id: waiting.id } } }));
      if (fresh.ok) pending = { proposal: fresh.data, etag: fresh.etag };
    }
    return ok({ action: read.data, etag: read.etag, history: history.data, evidence: evidence.data, pending, acronyms });
  });
  const [saved, setSaved] = useState<{ text: string; count: number } | null>(null);
  const form = useFormErrors(ASSIGN_OWNER_FIELDS);
  const readOnly = readsOnly(me);
  const reload = (text: string) => navigate(paths.action(actionId), { replace: true, flash: { kind: "success", text } });

  async function withdrawProposal(proposal: Proposal, etag: string | undefined) {
    const result = await call(api.POST("/api/v1/proposals/{proposal_id}/withdraw", {
      params: { path: { proposal_id: proposal.id }, header: ifMatch(etag) },
    }));
    if (result.ok) reload(`You withdrew your proposal for action ${proposal.action_ref}`);
    else form.fail(explainWriteProblem(result.problem, "proposal"));
  }

  return (
    <Loaded resource={resource}>
      {({ action, etag, history, evidence, pending, acronyms }) => {
        const mayPropose = !readOnly && canOnAction(me, "status:propose", action);
        const mayUpdate = !readOnly && canOnAction(me, "action:update", action);
        const mayUpload = !readOnly && canOnAction(me, "evidence:upload", action);
        return (
          <>
            <BackLink href={paths.area(action.area_id)}>Back to area {action.area_number}</BackLink>
            <FormErrors form={form} />
            <FlashBanner />
            {saved && <NotificationBanner key={saved.count} kind="success" heading={saved.text} />}
            <PageHeading title={`Action ${refText(action)}`} caption={`Area ${action.area_number}`} hasErrors={!!form.errors} />
            {action.retired_in_version && (
              <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                <strong class="govuk-warning-text__text">
                  <span class="govuk-visually-hidden">Warning</span>
                  This action was retired from the plan in{" "}
                  <a class="govuk-link" href={paths.planVersions(action.plan_id)}>version {action.retired_in_version}</a>. It is kept
                  with its history.
                </strong>
              </div>
            )}
            {paragraphs(action.text).map((p) => <p class="govuk-body-l" key={p}><AbbrText text={p} acronyms={acronyms} /></p>)}
            <h2 class="govuk-heading-m">Target</h2>
            <div class="govuk-inset-text app-preserve-lines">{action.target_text}</div>
            <SummaryList rows={[
              { key: "Status", value: <><RagTag status={action.status} />{watchTags(action).map((tag) => <span key={tag.text}> <Tag {...tag} /></span>)}</> },
              { key: "Owner", value: action.owner?.name ?? "No owner" },
              { key: "Due", value: dueText(action) },
              { key: "Next due", value: nextDueText(action) },
              { key: "Last updated", value: formatDateTime(action.updated_at) },
              ...(reviewText(action) ? [{ key: "Reviewed", value: reviewText(action) }] : []),
            ]} />
            {pending && (
              <PendingProposal proposal={pending.proposal} readOnly={readOnly}
                mayWithdraw={pending.proposal.proposed_by?.id === me.id && can(me, "proposal:withdraw")}
                onWithdraw={() => withdrawProposal(pending.proposal, pending.etag)} />
            )}
            {(mayPropose || mayUpdate || mayUpload) && (
              <>
                <h2 class="govuk-heading-m">Update this action</h2>
                <ul class="govuk-list app-task-links">
                  {mayPropose && !pending && <li><a class="govuk-link" href={paths.propose(action.id)}>Propose a status change</a></li>}
                  {mayUpload && <li><a class="govuk-link" href={paths.uploadEvidence(action.id)}>Upload evidence</a></li>}
                  {mayUpload && <li><a class="govuk-link" href={paths.linkEvidence(action.id)}>Add a link to evidence</a></li>}
                  {mayUpdate && <li><a class="govuk-link" href={paths.recordProgress(action.id)}>Record progress</a></li>}
                  {mayPropose && <li><a class="govuk-link" href={paths.reschedule(action.id)}>Ask for a new due date</a></li>}
                </ul>
              </>
            )}
            <h2 class="govuk-heading-m">Evidence</h2>
            <EvidenceTable items={evidence} me={me} action={action} readOnly={readOnly}
              withdrawable={!readOnly} onProblem={form.fail} />
            <h2 class="govuk-heading-m">Milestones</h2>
            <MilestonesTable action={action} />
            <h2 class="govuk-heading-m">Measures</h2>
            <MeasuresPanel action={action} />
            <h2 class="govuk-heading-m">Board decisions</h2>
            <ActionDecisions actionId={action.id} />
            <h2 class="govuk-heading-m">History</h2>
            <HistoryList history={history} me={me} action={action} readOnly={readOnly} />
            {canOnAction(me, "action:assign_owner", action) && (
              <AssignOwnerForm action={action} etag={etag} form={form} onSaved={(updated, newEtag) => {
                replace({ action: updated, etag: newEtag, history, evidence, pending, acronyms });
                const text = updated.owner ? `${updated.owner.name} now owns action ${updated.ref}` : `Action ${updated.ref} has no owner now`;
                setSaved({ text, count: (saved?.count ?? 0) + 1 });
              }} />
            )}
          </>
        );
      }}
    </Loaded>
  );
}
