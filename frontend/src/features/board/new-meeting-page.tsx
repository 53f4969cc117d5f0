import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
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

const FIELDS = {
  forum_id: { id: "forum", label: "Forum", missing: "Choose the forum" },
  held_on: { id: "held-on", label: "Date", missing: "Enter the date of the meeting", invalid: "The date must be a real date, for example 10 7 2019" },
  start_time: { id: "start-time", label: "Time", invalid: "Enter a time like 14:00" },
  title: { id: "title", label: "Title" },
  location: { id: "location", label: "Where" },
  attendees: { id: "attendees", label: "Attendees" },
  papers: { id: "papers", label: "Papers" },
};

/** Scheduling a meeting of a forum about the plan: assistant directors and the director. */
export function NewMeetingPage({ planId }: { planId: number }) {
  const [resource] = useResource(async () => {
    const forums = await call(api.GET("/api/v1/forums"));
    return forums.ok ? ok(forums.data) : forums;
  });
  return <Loaded resource={resource}>{(forums) => <MeetingForm planId={planId} forums={forums} />}</Loaded>;
}

function MeetingForm({ planId, forums }: { planId: number; forums: { id: number; name: string }[] }) {
  const [forum, setForum] = useState(String(forums[0]?.id ?? ""));
  const [day, setDay] = useState<DateParts>({ day: "", month: "", year: "" });
  const [time, setTime] = useState("");
  const [title, setTitle] = useState("");
  const [location, setLocation] = useState("");
  const [attendees, setAttendees] = useState("");
  const [papers, setPapers] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { forum_id: Number(forum), held_on: datePartsToIso(day), title, location, attendees, papers, notes: "",
      ...(time.trim() ? { start_time: time.trim() } : {}) };
    const result = await call(api.POST("/api/v1/plans/{plan_id}/meetings", { params: { path: { plan_id: planId } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.meeting(result.data.id), {
      flash: { kind: "success", text: `${result.data.forum.name} scheduled for ${formatDate(result.data.held_on)}` },
    });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.board(planId)}>Back to board meetings</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Schedule a meeting" hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Select id="forum" label="Forum" value={forum} onChange={setForum} error={form.error("forum_id")}
            options={forums.map((f) => ({ value: String(f.id), text: f.name }))} />
          <DateInput id="held-on" legend="Date" hint="For example 10 7 2019." value={day} onInput={setDay} error={form.error("held_on")} />
          <TextInput id="start-time" label="Time (optional)" hint="For example 14:00." value={time} onInput={setTime}
            width="govuk-input--width-5" error={form.error("start_time")} />
          <TextInput id="title" label="Title (optional)" hint="For example Quarter 1 review." value={title} onInput={setTitle} error={form.error("title")} />
          <TextInput id="location" label="Where (optional)" value={location} onInput={setLocation} error={form.error("location")} />
          <Textarea id="attendees" label="Attendees (optional)" hint="One a line, for example Cllr Brabazon (chair)." value={attendees}
            onInput={setAttendees} error={form.error("attendees")} />
          <Textarea id="papers" label="Papers (optional)" hint="The agenda and the reports to circulate." value={papers}
            onInput={setPapers} error={form.error("papers")} />
          <button type="submit" class="govuk-button">Schedule the meeting</button>
        </form>
      </div>
    </div>
  );
}
