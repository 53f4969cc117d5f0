import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import type { Problem } from "../../api/problem";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Select } from "../../components/select";
import { TextInput } from "../../components/text-input";
import { Textarea } from "../../components/textarea";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { meetingTitle, parseRefs, type Meeting } from "./board-text";

const FIELDS = {
  text: { id: "decision", label: "Decision", missing: "Enter what the meeting decided" },
  action_ids: { id: "refs", label: "Actions it concerns" },
  area_ids: { id: "areas", label: "Areas it concerns" },
  owner_id: { id: "owner", label: "Who follows it up" },
  due_on: { id: "due-on", label: "Due", invalid: "The date must be a real date, for example 1 10 2019" },
};

/** Recording a decision or an action arising, linked to the actions or the whole areas it concerns. */
export function RecordDecisionPage({ meetingId }: { meetingId: number }) {
  const [resource] = useResource(async () => {
    const meeting = await call(api.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } }));
    if (!meeting.ok) return meeting;
    const [actions, areas, users] = await Promise.all([
      call(api.GET("/api/v1/actions", { params: { query: { plan_id: meeting.data.plan_id, limit: 500 } } })),
      call(api.GET("/api/v1/plans/{plan_id}/areas", { params: { path: { plan_id: meeting.data.plan_id } } })),
      call(api.GET("/api/v1/users")),
    ]);
    if (!actions.ok) return actions;
    if (!areas.ok) return areas;
    if (!users.ok) return users;
    const officers = users.data.filter((u) => u.is_active && u.role !== "inspector" && u.role !== "admin");
    return ok({ meeting: meeting.data, actions: actions.data.items, areas: areas.data, officers });
  });
  return <Loaded resource={resource}>{(data) => <DecisionForm {...data} />}</Loaded>;
}

function DecisionForm({ meeting, actions, areas, officers }: {
  meeting: Meeting; actions: { id: number; ref: string }[]; areas: { id: number; number: number }[];
  officers: { id: number; name: string }[];
}) {
  const [text, setText] = useState("");
  const [refs, setRefs] = useState("");
  const [areaNumbers, setAreaNumbers] = useState("");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState<DateParts>({ day: "", month: "", year: "" });
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const byRef = new Map(actions.map((a) => [a.ref, a.id]));
    const wanted = parseRefs(refs);
    const byNumber = new Map(areas.map((a) => [String(a.number), a.id]));
    const wantedAreas = parseRefs(areaNumbers);
    const errors = [
      ...wanted.filter((ref) => !byRef.has(ref)).slice(0, 1)
        .map((ref) => ({ loc: ["body", "action_ids"], msg: `There is no action ${ref} in this plan`, type: "value_error" })),
      ...wantedAreas.filter((n) => !byNumber.has(n)).slice(0, 1)
        .map((n) => ({ loc: ["body", "area_ids"], msg: `There is no area ${n} in this plan`, type: "value_error" })),
    ];
    if (errors.length > 0) {
      const problem: Problem = { type: "", title: "", status: 422, code: "validation_failed", detail: "", errors };
      return form.fail(problem);
    }
    const blankDue = !due.day && !due.month && !due.year;
    setBusy(true);
    const result = await call(api.POST("/api/v1/meetings/{meeting_id}/decisions", {
      params: { path: { meeting_id: meeting.id } },
      body: { text: text.trim() ? text : (undefined as unknown as string), action_ids: wanted.map((ref) => byRef.get(ref)!),
        area_ids: wantedAreas.map((n) => byNumber.get(n)!), owner_id: owner ? Number(owner) : null, due_on: blankDue ? null : datePartsToIso(due) },
    }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.meeting(meeting.id), { flash: { kind: "success", text: `Decision ${result.data.number} recorded` } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.meeting(meeting.id)}>Back to the meeting</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Record a decision" caption={meetingTitle(meeting, formatDate(meeting.held_on))} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Textarea id="decision" label="What did the meeting decide?" labelSize="m" value={text} onInput={setText} error={form.error("text")} />
          <TextInput id="refs" label="Actions it concerns (optional)" hint="Their references, for example 1.4, 2.3. It shows on those actions."
            value={refs} onInput={setRefs} error={form.error("action_ids")} />
          <TextInput id="areas" label="Areas it concerns (optional)" hint="Their numbers, for example 1, 3. It shows on every action of those areas."
            value={areaNumbers} onInput={setAreaNumbers} error={form.error("area_ids")} />
          <Select id="owner" label="Who follows it up (optional)" value={owner} onChange={setOwner} error={form.error("owner_id")}
            options={[{ value: "", text: "Nobody: no follow-up" }, ...officers.map((u) => ({ value: String(u.id), text: u.name }))]} />
          <DateInput id="due-on" legend="Due (optional)" hint="For example 1 10 2019." value={due} onInput={setDue} error={form.error("due_on")} />
          <button type="submit" class="govuk-button">Record the decision</button>
        </form>
      </div>
    </div>
  );
}
