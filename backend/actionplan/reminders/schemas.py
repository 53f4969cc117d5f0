import datetime as dt

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from actionplan.core.params import DateText


class PlanReminderSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    board_first_meeting_on: DateText | None = PydanticField(
        description="The day the board first meets (or any one of its meetings); the cadence counts from it. "
                    "null: the board's meetings are not known, so no update round is reminded.")
    board_cadence_months: int = PydanticField(ge=1, le=12, description="The board meets every so many months "
                                                                       "(3: quarterly). A meeting day that is not a "
                                                                       "working day moves to the one before.")
    update_lead_working_days: int = PydanticField(ge=0, le=30, description="Updates are due this many working "
                                                                           "days before each meeting.")
    due_within_days: int = PydanticField(ge=1, le=90, description="Owners are reminded this many days before a date "
                                                                  "falls due (an action's, or the updates').")
    waiting_working_days: int = PydanticField(ge=1, le=30, description="Reviewers (and authors of returned "
                                                                       "proposals) are reminded after waiting "
                                                                       "longer than this many working days.")
    escalate_after_working_days: int = PydanticField(ge=1, le=30, description="Still missed this many working days "
                                                                              "after the reminder: the area's Head "
                                                                              "of Service is told; after twice as "
                                                                              "many, the assistant directors.")


class BoardMeetingPublic(BaseModel):
    meeting_on: dt.date
    updates_due_on: dt.date


class PlanReminderSettingsPublic(PlanReminderSettingsUpdate):
    model_config = ConfigDict(extra="ignore", strict=False)

    plan_id: int
    version: int = PydanticField(description="0: never changed (the defaults).")
    updated_at: dt.datetime | None
    next_meetings: list[BoardMeetingPublic] = PydanticField(
        description="The board's next meetings (up to four), each with the day updates are due.")


class ReminderChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    email: bool = PydanticField(description="true: in the app and by email; false: in the app only.")


class ReminderChoicePublic(ReminderChoice):
    email_available: bool = PydanticField(description="Whether this server sends email at all (SMTP configured).")
