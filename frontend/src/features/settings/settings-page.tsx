// "Your settings": a thin list of sections, each in its own file and shown to those it concerns.
import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { PageHeading } from "../../components/page-heading";
import { CalendarFeedSection } from "./calendar-feed";
import { ReminderSettings } from "./reminder-settings";
import { WhatYouCanDo } from "./what-you-can-do";

export function SettingsPage() {
  const { me, plans } = useSession();
  const boardPlan = can(me, "calendar:board_feed") ? plans[0] : undefined;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <PageHeading title="Your settings" />
        <ReminderSettings />
        {can(me, "calendar:feed") && <CalendarFeedSection />}
        {boardPlan && <CalendarFeedSection planId={boardPlan.id} planTitle={boardPlan.title} />}
        <WhatYouCanDo />
      </div>
    </div>
  );
}
