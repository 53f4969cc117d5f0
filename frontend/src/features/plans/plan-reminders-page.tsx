import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { TextInput } from "../../components/text-input";
import { datePartsToIso, formatDate, isoToParts, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";

type Settings = components["schemas"]["PlanReminderSettingsPublic"];
type NumberField = "board_cadence_months" | "update_lead_working_days" | "due_within_days" | "waiting_working_days"
  | "escalate_after_working_days";

const whole = (label: string) => `${label} must be a whole number in the range shown`;
const FIELDS = {
  board_first_meeting_on: { id: "first-meeting", label: "A board meeting", invalid: "The meeting must be a real date, for example 31 3 2020" },
  board_cadence_months: { id: "cadence", label: "Months between meetings", invalid: whole("Months between meetings") },
  update_lead_working_days: { id: "lead", label: "Working days before", invalid: whole("Working days before each meeting") },
  due_within_days: { id: "due-within", label: "Days before", invalid: whole("Days before a date") },
  waiting_working_days: { id: "waiting", label: "Working days waiting", invalid: whole("Working days waiting") },
  escalate_after_working_days: { id: "escalate", label: "Working days after", invalid: whole("Working days after a reminder") },
};
const NUMBERS: { name: NumberField; label: string; hint: string }[] = [
  { name: "board_cadence_months", label: "How many months between board meetings?", hint: "3 for quarterly (1 to 12)." },
  { name: "update_lead_working_days", label: "Updates are due how many working days before each meeting?", hint: "0 to 30. Weekends and bank holidays in England and Wales do not count." },
  { name: "due_within_days", label: "Remind owners how many days before a date falls due?", hint: "1 to 90 days: an action's date, or the day updates are due." },
  { name: "waiting_working_days", label: "Remind reviewers after how many working days waiting?", hint: "1 to 30. Also reminds authors of proposals returned to them." },
  { name: "escalate_after_working_days", label: "Tell the Head of Service how many working days after a missed reminder?", hint: "1 to 30. After twice as many, the assistant directors are told." },
];

/** When the plan's board meets, when updates are due before it, and when people are reminded. */
export function PlanRemindersPage({ planId }: { planId: number }) {
  const { me } = useSession();
  const [resource] = useResource(() => call(api.GET("/api/v1/plans/{plan_id}/reminder-settings", { params: { path: { plan_id: planId } } })));
  return (
    <Loaded resource={resource}>
      {(settings) => (
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            {can(me, "plan:manage_reminders") ? <RemindersForm settings={settings} /> : (
              <>
                <BackLink href={paths.plan(planId)}>Back to the plan</BackLink>
                <PageHeading title="Board meetings and reminders" />
                <Summary settings={settings} />
              </>
            )}
            <NextMeetings settings={settings} />
          </div>
        </div>
      )}
    </Loaded>
  );
}

function Summary({ settings }: { settings: Settings }) {
  return (
    <SummaryList rows={NUMBERS.map((n) => ({ key: n.label, value: String(settings[n.name]) }))} />
  );
}

function NextMeetings({ settings }: { settings: Settings }) {
  return (
    <>
      <h2 class="govuk-heading-m">The next board meetings</h2>
      {settings.next_meetings.length === 0 ? <p class="govuk-body">No board meeting is set, so nobody is reminded of updates for the board.</p> : (
        <table class="govuk-table app-stack">
          <caption class="govuk-table__caption govuk-visually-hidden">The next board meetings and when updates are due</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Board meets</th>
              <th scope="col" class="govuk-table__header">Updates due by</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {settings.next_meetings.map((m) => (
              <tr class="govuk-table__row" key={m.meeting_on}>
                <td class="govuk-table__cell" data-label="Board meets">{formatDate(m.meeting_on)}</td>
                <td class="govuk-table__cell" data-label="Updates due by">{formatDate(m.updates_due_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RemindersForm({ settings }: { settings: Settings }) {
  const form = useFormErrors(FIELDS);
  const [meeting, setMeeting] = useState<DateParts>(settings.board_first_meeting_on ? isoToParts(settings.board_first_meeting_on) : { day: "", month: "", year: "" });
  const [numbers, setNumbers] = useState<Record<NumberField, string>>(
    Object.fromEntries(NUMBERS.map((n) => [n.name, String(settings[n.name])])) as Record<NumberField, string>);
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const typed = meeting.day || meeting.month || meeting.year;
    const body = {
      board_first_meeting_on: typed ? datePartsToIso(meeting) || `${meeting.year}-${meeting.month}-${meeting.day}` : null,
      ...Object.fromEntries(NUMBERS.map((n) => [n.name, /^\d+$/.test(numbers[n.name].trim()) ? Number(numbers[n.name]) : numbers[n.name]])),
    } as components["schemas"]["PlanReminderSettingsUpdate"];
    const result = await call(api.PUT("/api/v1/plans/{plan_id}/reminder-settings", { params: { path: { plan_id: settings.plan_id } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.planReminders(settings.plan_id), { flash: { kind: "success", text: "Board meetings and reminders saved" } });
  }

  return (
    <>
      <BackLink href={paths.plan(settings.plan_id)}>Back to the plan</BackLink>
      <FormErrors form={form} />
      <FlashBanner />
      <PageHeading title="Board meetings and reminders" hasErrors={!!form.errors} />
      <p class="govuk-body">Owners are reminded of updates due before each meeting of the improvement board, of actions
        due soon and overdue; reviewers of decisions waiting. What is still not done after a reminder goes to the
        area's Head of Service, then to the assistant directors.</p>
      <form onSubmit={save} noValidate>
        <DateInput id={FIELDS.board_first_meeting_on.id} legend="When does the board meet?" value={meeting} onInput={setMeeting}
          hint="The date of one of its meetings; the others follow every so many months. Leave it empty if the board has no dates yet."
          error={form.error("board_first_meeting_on")} />
        {NUMBERS.map((n) => (
          <TextInput key={n.name} id={FIELDS[n.name].id} label={n.label} hint={n.hint} inputMode="numeric" width="govuk-input--width-5"
            value={numbers[n.name]} onInput={(v) => setNumbers({ ...numbers, [n.name]: v })} error={form.error(n.name)} />
        ))}
        <button type="submit" class="govuk-button" disabled={busy}>Save</button>
      </form>
    </>
  );
}
