"""The modules that register jobs (the worker imports each before its first round)."""

JOB_MODULES = (
    "actionplan.jobs.housekeeping",
    "actionplan.reminders.jobs",
    "actionplan.reports.renderings",
)
