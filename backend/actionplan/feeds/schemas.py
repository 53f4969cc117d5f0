import datetime as dt

from pydantic import BaseModel, Field


class CalendarFeedStatus(BaseModel):
    active: bool = Field(description="Whether a feed address works now. The address itself is shown only when "
                                     "it is made (only its hash is kept): renew it to see a new one.")
    created_at: dt.datetime | None = Field(description="When the working address was made.")


class CalendarFeedCreated(BaseModel):
    path: str = Field(description="The feed's address on this server (after its origin), e.g. "
                                  "/api/v1/calendar-feeds/….ics: secret, shown this once.")
    created_at: dt.datetime
