import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { SummaryList } from "../../components/summary-list";
import { Tag } from "../../components/tag";
import { Textarea } from "../../components/textarea";
import { formatDate } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { byline, decisionLine, DECISION_STATES } from "./proposal-text";

type RescheduleDecision = components["schemas"]["RescheduleDecision"];

const FIELDS = {
  decision: { id: "decision", label: "Decision", missing: "Choose whether to approve or reject the new date" },
  note: { id: "note", label: "Note", missing: "Enter a note: say why" },
};

/** A request to move an action's due date, and the decision for those who may make it. */
export function RescheduleDecisionPage({ rescheduleId }: { rescheduleId: number }) {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const reschedule = await call(api.GET("/api/v1/reschedules/{reschedule_id}", { params: { path: { reschedule_id: rescheduleId } } }));
    if (!reschedule.ok) return reschedule;
    const action = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: reschedule.data.action_id } } }));
    if (!action.ok) return action;
    return ok({ reschedule: reschedule.data, etag: reschedule.etag, action: action.data });
  });
  const form = useFormErrors(FIELDS, { note_required: "note" });
  const [decision, setDecision] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);

  return (
    <Loaded resource={resource}>
      {({ reschedule, etag, action }) => {
        const decidable = !readsOnly(me) && reschedule.state === "pending" && reschedule.can_decide;
        const state = DECISION_STATES[reschedule.state];
        const decided = decisionLine(reschedule);
        async function submit(event: Event) {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          const body = { ...(decision ? { decision } : {}), ...(note.trim() ? { note } : {}),
            ...(reschedule.decide_as ? { on_behalf_of_id: reschedule.decide_as.id } : {}) } as RescheduleDecision;
          const result = await call(api.POST("/api/v1/reschedules/{reschedule_id}/decision", {
            params: { path: { reschedule_id: reschedule.id }, header: ifMatch(etag) },
            body,
          }));
          setBusy(false);
          if (!result.ok) return form.fail(explainWriteProblem(result.problem, "re-schedule request"));
          const verb = result.data.state === "approved" ? "approved" : "rejected";
          navigate(paths.action(action.id), { flash: { kind: "success",
            text: `You ${verb} the new due date ${formatDate(result.data.to_due_on)} for action ${action.ref}` } });
        }
        return (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
              <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
              <FormErrors form={form} />
              <PageHeading title={`New due date for action ${action.ref}`} caption={`Area ${action.area_number}`} hasErrors={!!form.errors} />
              <SummaryList rows={[
                { key: "Due now", value: reschedule.from_due_on ? formatDate(reschedule.from_due_on) : "No date set" },
                { key: "New due date", value: formatDate(reschedule.to_due_on) },
                { key: "Why", value: <span class="app-preserve-lines">{reschedule.reason}</span> },
                { key: "Asked", value: byline(reschedule.proposed_by, reschedule.proposed_at) },
                { key: "Decision", value: <><Tag text={state.text} colour={state.colour} />{decided && <> {decided}</>}</> },
              ]} />
              {decidable && (
                <form noValidate onSubmit={submit}>
                  {reschedule.decide_as && <p class="govuk-inset-text">You decide as {reschedule.decide_as.name}’s cover, in their name.</p>}
                  <Radios id="decision" legend="Your decision" legendSize="m" value={decision} onChange={setDecision}
                    error={form.error("decision")} options={[
                      { value: "approve", text: `Approve: move the due date to ${formatDate(reschedule.to_due_on)}` },
                      { value: "reject", text: "Reject", hint: "The due date stays as it is." },
                    ]} />
                  <Textarea id="note" label="Note" hint="Optional when approving." value={note} onInput={setNote} error={form.error("note")} />
                  <button type="submit" class="govuk-button">Send decision</button>
                </form>
              )}
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}
