"""Background jobs: rows in the application's own database, run exactly once by whichever
worker claims them (`actionplan serve`'s worker thread, or any number of `actionplan worker`s).

Two kinds, each registered with one line where the work is written:

    from actionplan import jobs

    @jobs.queued("email.send")                      # run once for each enqueue()
    def send_email(session, payload: dict) -> None: ...

    jobs.enqueue(session, "email.send", {"to": ...})  # in the caller's transaction: the job
                                                      # exists exactly when the change committed

    @jobs.periodic("reminders.daily", every=jobs.DAILY)   # run once per time slot
    def daily_reminders(session, slot: dt.datetime) -> None:
        run_reminders(session, slot.astimezone(COUNCIL_TZ).date())

A module that registers jobs must be listed in `actionplan.jobs.catalogue.JOB_MODULES` (the
worker imports them; the web process never has to).

Rules for a job function: it works in the session it is given and does NOT commit: the runner
commits its work together with the job's completion, so a worker that dies or loses its lease
half-way leaves nothing behind and the job runs again (at most once to completion). Raising
rolls the work back and the job is retried after BACKOFF, then recorded as failed (the
exception's class name, never its message). Effects outside the database (an email, an HTTP
call) happen at least once: make them idempotent or do them last.

A periodic job's slot is `every` long, counted from midnight UTC on 1 January 2000 (DAILY slots
start at midnight UTC); the function is given the slot's start, so a late run still works for
its own day. Slots missed while no worker ran are not replayed: the next one runs.
"""

from actionplan.jobs.registry import DAILY, HOURLY, enqueue, periodic, queued

__all__ = ["DAILY", "HOURLY", "enqueue", "periodic", "queued"]
