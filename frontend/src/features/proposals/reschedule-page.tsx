import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { dueText, refText } from "../actions/action-text";
import { useAction } from "../actions/use-action";

type Action = components["schemas"]["ActionPublic"];
type RescheduleCreate = components["schemas"]["RescheduleCreate"];

const FIELDS = {
  to_due_on: { id: "to-due-on", label: "New due date", missing: "Enter the new due date",
    invalid: "The new due date must be a real date, for example 30 6 2020" },
  reason: { id: "reason", label: "Why", missing: "Enter why the due date should move" },
};

export function ReschedulePage({ actionId }: { actionId: number }) {
  const [resource] = useAction(actionId);
  return <Loaded resource={resource}>{(data) => <RescheduleForm {...data} />}</Loaded>;
}

/** The due date moves only when an approver approves this request. */
function RescheduleForm({ action, etag }: { action: Action; etag?: string }) {
  const [date, setDate] = useState<DateParts>({ day: "", month: "", year: "" });
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, { reschedule_pending: "to_due_on" });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = {
      ...(datePartsToIso(date) ? { to_due_on: datePartsToIso(date) } : {}),
      ...(reason.trim() ? { reason } : {}),
    } as RescheduleCreate;
    const result = await call(api.POST("/api/v1/actions/{action_id}/reschedules", {
      params: { path: { action_id: action.id }, header: ifMatch(etag) },
      body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem));
    navigate(paths.action(action.id), { flash: { kind: "success",
      text: `You asked to move action ${action.ref} to ${formatDate(result.data.to_due_on)}: it waits for a decision` } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Ask for a new due date" caption={`Action ${refText(action)}`} hasErrors={!!form.errors} />
        <p class="govuk-body">Due now: {dueText(action)}. The date moves only when an approver approves it.</p>
        <form noValidate onSubmit={submit}>
          <DateInput id="to-due-on" legend="New due date" hint="For example 30 6 2020." value={date} onInput={setDate}
            error={form.error("to_due_on")} />
          <Textarea id="reason" label="Why should it move?" value={reason} onInput={setReason} error={form.error("reason")} />
          <button type="submit" class="govuk-button">Send for approval</button>
        </form>
      </div>
    </div>
  );
}
