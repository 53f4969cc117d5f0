import { PageHeading } from "../../components/page-heading";
import { ReminderSettings } from "./reminder-settings";

/** "Your settings": a thin list of sections, each its own component. */
export function SettingsPage() {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <PageHeading title="Your settings" />
        <ReminderSettings />
      </div>
    </div>
  );
}
