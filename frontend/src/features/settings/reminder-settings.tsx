import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { NotificationBanner } from "../../components/notification-banner";
import { Radios } from "../../components/radios";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";

const FIELDS = { email: { id: "reminder-email", label: "How you are reminded", missing: "Choose how you want to be reminded" } };

/** "Your settings": how I am reminded, in actionplan only or by email too. */
export function ReminderSettings() {
  const [resource] = useResource(() => call(api.GET("/api/v1/users/me/reminder-settings")));
  return (
    <section aria-labelledby="reminders-heading">
      <h2 class="govuk-heading-m" id="reminders-heading">Reminders</h2>
      <p class="govuk-body">Before each board meeting you are reminded of updates that are due, actions due soon or
        overdue, and anything waiting for your decision: one message a day at most, with everything in it.</p>
      <Loaded resource={resource}>
        {(choice) => <ReminderForm email={choice.email} emailAvailable={choice.email_available} />}
      </Loaded>
    </section>
  );
}

function ReminderForm({ email, emailAvailable }: { email: boolean; emailAvailable: boolean }) {
  const form = useFormErrors(FIELDS);
  const [value, setValue] = useState(email ? "email" : "in_app");
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setSaved(null);
    const result = await call(api.PUT("/api/v1/users/me/reminder-settings", { body: { email: value === "email" } }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    form.clear();
    setSaved(result.data.email ? "You will be reminded in actionplan and by email." : "You will be reminded in actionplan only.");
  }

  return (
    <form onSubmit={save} noValidate>
      <FormErrors form={form} />
      {saved && <NotificationBanner kind="success" heading={saved} />}
      <Radios id={FIELDS.email.id} legend="How do you want to be reminded?" value={value} onChange={setValue}
        error={form.error("email")}
        hint={emailAvailable ? undefined : "This server does not send email yet: until it does, reminders are in actionplan only."}
        options={[
          { value: "in_app", text: "In actionplan only", hint: "On your notifications page." },
          { value: "email", text: "In actionplan and by email", hint: "Emails link to the page that needs you." },
        ]} />
      <button type="submit" class="govuk-button" disabled={busy}>Save reminder settings</button>
    </form>
  );
}
