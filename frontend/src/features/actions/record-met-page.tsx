import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import { NOT_FOUND } from "../../api/problem";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";

type Action = components["schemas"]["ActionPublic"];
type Milestone = Action["milestones"][number];

const FIELDS = {
  met_on: { id: "met-on", label: "Date it was met", missing: "Enter the date it was met",
    invalid: "The date must be a real date, for example 27 9 2019" },
  note: { id: "note", label: "How it was met", missing: "Say how it was met" },
};

/** Records a milestone (an occurrence of a repeating target) met: a fact with a note, like progress. */
export function RecordMetPage({ actionId, milestoneId }: { actionId: number; milestoneId: number }) {
  const [resource] = useResource(async () => {
    const read = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: actionId } } }));
    if (!read.ok) return read;
    const milestone = read.data.milestones.find((m) => m.id === milestoneId);
    return milestone ? ok({ action: read.data, etag: read.etag, milestone }) : { ok: false as const, problem: NOT_FOUND };
  });
  return <Loaded resource={resource}>{(found) => <RecordMetForm {...found} />}</Loaded>;
}

function RecordMetForm({ action, etag, milestone }: { action: Action; etag?: string; milestone: Milestone }) {
  const [date, setDate] = useState<DateParts>({ day: "", month: "", year: "" });
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { ...(datePartsToIso(date) ? { met_on: datePartsToIso(date) } : {}), ...(note.trim() ? { note } : {}) };
    const result = await call(api.POST("/api/v1/actions/{action_id}/milestones/{milestone_id}/met", {
      params: { path: { action_id: action.id, milestone_id: milestone.id }, header: ifMatch(etag) },
      body: body as components["schemas"]["MilestoneMet"],
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem));
    navigate(paths.action(action.id), { flash: { kind: "success",
      text: `The milestone of ${formatDate(milestone.due_on)} is recorded as met` } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Record a milestone as met" caption={`Action ${action.ref}`} hasErrors={!!form.errors} />
        <p class="govuk-body">
          {milestone.text}{milestone.recurring ? " (one occurrence of a repeating target)" : ""}, due
          by {formatDate(milestone.due_on)}. It is recorded with your name and note, and cannot be undone.
        </p>
        <form noValidate onSubmit={submit}>
          <DateInput id="met-on" legend="Date it was met" hint="For example 27 9 2019." value={date} onInput={setDate}
            error={form.error("met_on")} />
          <Textarea id="note" label="How it was met" hint="For example: the quarterly report went to the September board."
            value={note} onInput={setNote} error={form.error("note")} />
          <button type="submit" class="govuk-button">Record as met</button>
        </form>
      </div>
    </div>
  );
}
