"""The `actionplan` command."""

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path

from sqlmodel import Session, select

from actionplan.core.config import get_settings
from actionplan.core.db import make_engine
from actionplan.core.errors import AppError


def _engine():
    return make_engine(get_settings().database_url)


def cmd_serve(args) -> None:
    import threading

    import uvicorn

    from actionplan.audit.service import run_checkpoints
    from actionplan.core.logging import configure_logging, logging_config
    from actionplan.jobs.housekeeping import sweep_stale_uploads_now

    settings = get_settings()
    configure_logging(settings.log_level)
    stop = threading.Event()
    # One checkpoint loop per `serve`: each checkpoint is derived from the database, so another
    # `serve` on the same database writing its own is harmless.
    threading.Thread(target=run_checkpoints, args=(_engine(), settings, stop), name="audit-checkpoints",
                     daemon=True).start()
    sweep_stale_uploads_now()
    if settings.run_worker:
        # One worker per `serve` (not per uvicorn worker); ACTIONPLAN_RUN_WORKER=false when
        # `actionplan worker`s run separately. Any number of either run each job once.
        threading.Thread(target=_run_worker, args=(stop,), name="worker", daemon=True).start()
    print(f"actionplan API on http://{args.host}:{args.port}/api/v1 (docs at /api/v1/docs)", flush=True)
    try:
        # The middleware logs every request (with its id, status and duration): uvicorn's own
        # access log would say the same without them.
        uvicorn.run("actionplan.main:create_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=settings.log_level.lower(), proxy_headers=False,
                    log_config=logging_config(settings.log_level), access_log=False)
    finally:
        stop.set()


def _worker_steps(settings) -> tuple:
    """What a worker round does besides jobs: send the webhook outbox's due deliveries."""
    from actionplan.webhooks.delivery import deliver_due
    from actionplan.webhooks.targets import TargetPolicy

    policy = TargetPolicy.from_settings(settings)
    return (lambda session, now: deliver_due(session, now, settings.webhook_timeout_seconds, policy=policy),)


def _run_worker(stop) -> None:
    from actionplan.jobs.runner import run_worker

    settings = get_settings()
    run_worker(_engine(), stop, settings.worker_poll_seconds, _worker_steps(settings))


def cmd_worker(args) -> None:
    import signal
    import threading

    from actionplan.core.logging import configure_logging
    from actionplan.jobs.runner import load_jobs, run_round

    settings = get_settings()
    configure_logging(settings.log_level)
    if args.once:
        load_jobs()
        done = run_round(_engine(), steps=_worker_steps(settings))
        print(f"Ran {done} background jobs and webhook deliveries.")
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    _run_worker(stop)


def cmd_purge(_args) -> None:
    from actionplan.auth.retention import Retention, purge_expired
    from actionplan.core.types import utcnow

    settings = get_settings()
    with Session(_engine()) as session:
        deleted = purge_expired(session, Retention.of(settings), utcnow())
        session.commit()
    print("Deleted " + ", ".join(f"{count} {what}" for what, count in deleted.items()) + " past their retention.")


def cmd_remind(args) -> None:
    import datetime as dt

    from actionplan.core.clock import council_today
    from actionplan.notifications.service import send_pending_emails
    from actionplan.reminders.service import run_reminders

    settings = get_settings()
    try:
        today = dt.date.fromisoformat(args.date) if args.date else council_today()
    except ValueError:
        raise SystemExit(f"actionplan remind: {args.date!r} is not a date (YYYY-MM-DD).") from None
    with Session(_engine()) as session:
        summary = run_reminders(session, today, settings)
        print(f"Reminders for {today:%-d %B %Y}: {summary.reminders} reminders and {summary.escalations} "
              f"escalations, in one digest each to {summary.people} people.")
        if settings.smtp_host:
            print(f"Emailed {send_pending_emails(session, settings, limit=10_000)} notifications.")
        else:
            print("No email sent: ACTIONPLAN_SMTP_HOST is not set (reminders are in the app).")


def cmd_migrate(_args) -> None:
    from actionplan.audit.service import write_checkpoint
    from actionplan.core.migrate import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    migrate(engine)
    print("The database is up to date.")
    # The first checkpoint seals events written before the log was keyed, and records where it stands.
    with Session(engine) as session:
        result, checkpoint = write_checkpoint(session, settings)
    if not result.ok:
        print(f"Warning: the audit log is BROKEN: {result.problem}. Run `actionplan audit-verify`.", file=sys.stderr)
    elif checkpoint:
        print(f"Audit checkpoint written to {settings.audit_checkpoint_file}.")


def cmd_demo(args) -> None:
    from actionplan.demo import load_demo
    from actionplan.demo_history import HistoryRefused, load_history_demo

    settings = get_settings()
    with Session(_engine()) as session:
        if not args.history:
            users, password = load_demo(session, settings.demo_password or None)
            print("Demo plan loaded: Haringey Children's Service Ofsted Action Plan March 2019.")
        else:
            try:
                users, password, plan, played = load_history_demo(session, settings.demo_password or None)
            except HistoryRefused as exc:
                raise SystemExit(str(exc)) from None
            print(f"{'Played April 2019 to March 2020 on' if played else 'Already there, nothing changed:'} "
                  f"plan {plan.id}, {plan.title}.")
    print("Demo sign-ins:")
    for email, role, name in users:
        print(f"  {email:32} {role:20} {name}")
    if password and not settings.demo_password:
        print(f"  password (generated, shown once): {password}")
    elif password:
        print("  (their password is the value of ACTIONPLAN_DEMO_PASSWORD)")
    else:
        print("  (the demo users already existed and keep their passwords)")


def cmd_import(args) -> None:
    from actionplan.plans.plan_file import parse_plan_file
    from actionplan.plans.service import import_plan

    text = Path(args.path).read_text(encoding="utf-8")
    with Session(_engine()) as session:
        plan, created = import_plan(session, parse_plan_file(text), actor_label="cli")
        print(f"{'Imported' if created else 'Unchanged, already imported:'} plan {plan.id} ({plan.slug}).")


def cmd_rebaseline(args) -> None:
    from actionplan.plans.models import Plan
    from actionplan.plans.plan_file import parse_plan_file
    from actionplan.plans.versions import rebaseline

    plan_file = parse_plan_file(Path(args.path).read_text(encoding="utf-8"))
    with Session(_engine()) as session:
        plan = session.exec(select(Plan).where(Plan.slug == plan_file.plan.slug)).first()
        if plan is None:
            raise SystemExit(f"There is no plan {plan_file.plan.slug!r} to re-baseline; import it first.")
        version = rebaseline(session, plan, plan_file, args.reason, args.effective_on, None, "cli", actor_label="cli")
        print(f"Plan {plan.id} ({plan.slug}) is now at version {version.number}, in effect from "
              f"{version.effective_on.isoformat()}.")


def cmd_export(args) -> None:
    from actionplan.plans.plan_file import dump_plan_file
    from actionplan.plans.service import export_plan

    with Session(_engine()) as session:
        sys.stdout.write(dump_plan_file(export_plan(session, args.plan_id), args.format))


def cmd_create_user(args) -> None:
    from actionplan.users.service import create_user

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise SystemExit("The passwords differ; nothing was changed.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    with Session(_engine()) as session:
        user = create_user(session, args.email, args.role, password, name=args.name or "", actor_label="cli")
    print(f"Created user {user.id}: {user.email} ({user.role}).")


def cmd_audit_verify(args) -> None:
    """Exit 0: intact and matching the checkpoints; 1: tampering found; 2: could not check; 3: intact,
    but no checkpoint to show that nothing was cut off its end."""
    from actionplan.audit.service import verify_chain

    settings = get_settings()
    files = [Path(f) for f in args.checkpoints] or None
    with Session(_engine()) as session:
        result = verify_chain(session, settings, files)
    if result.broken_event is not None:
        event = result.broken_event
        print(f"The audit log is BROKEN at event {event.id} ({event.operation} on {event.object_type} "
              f"{event.object_id}, {event.at:%Y-%m-%d %H:%M:%S}): {result.problem}. "
              f"{result.events_checked} events before it are intact.", file=sys.stderr)
        raise SystemExit(1)
    if not result.ok:
        print(f"The audit log is BROKEN: {result.problem}.", file=sys.stderr)
        raise SystemExit(1)
    print(f"The audit log is intact: {result.events_checked} events checked with the audit key.")
    if result.legacy_events:
        print(f"The first {result.legacy_events} were written before the log was keyed and carry a plain "
              "SHA-256; the checkpoints seal them.")
    newest = result.newest_checkpoint
    if newest is None:
        where = ", ".join(str(f) for f in files or [settings.audit_checkpoint_file])
        print(f"No checkpoint to check it against (none in {where}): events removed from its end, or a log "
              "emptied, would not show. Run `actionplan audit-checkpoint` and keep copies of the file where "
              "the database's owner cannot change them.", file=sys.stderr)
        raise SystemExit(3)
    print(f"It matches all {len(result.checkpoints)} checkpoints; the newest, of {newest['at']}, recorded "
          f"{newest['events']} events.")


def cmd_audit_checkpoint(_args) -> None:
    from actionplan.audit.service import write_checkpoint

    settings = get_settings()
    with Session(_engine()) as session:
        result, checkpoint = write_checkpoint(session, settings, force=True)
    if checkpoint is None:
        print(f"No checkpoint written: the audit log is BROKEN: {result.problem}. "
              "Run `actionplan audit-verify` for details.", file=sys.stderr)
        raise SystemExit(1)
    print(f"Checkpoint of {checkpoint['events']} audit events appended to {settings.audit_checkpoint_file}:")
    print(json.dumps(checkpoint, sort_keys=True))


def cmd_backup(args) -> None:
    from actionplan.operations.backup import backup

    path, manifest = backup(get_settings(), Path(args.dest))
    rows = sum(t["rows"] for t in manifest["tables"].values())
    files = sum(1 for name in manifest["members"] if name.startswith("evidence/"))
    print(f"Wrote {path}: {rows} rows in {len(manifest['tables'])} tables, {files} evidence files, "
          f"schema revision {manifest['alembic_revision']}.")
    print("The secret key (and any audit key) is not in it: back those up separately.")


def cmd_restore(args) -> None:
    from actionplan.audit.service import write_checkpoint
    from actionplan.operations.backup import restore

    settings = get_settings()
    manifest = restore(settings, Path(args.archive))
    # As after `migrate`: a checkpoint records where the restored log stands, so that anything later
    # cut off its end is found.
    with Session(_engine()) as session:
        write_checkpoint(session, settings)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Restored {rows} rows and {sum(1 for n in manifest['members'] if n.startswith('evidence/'))} evidence "
          f"files from a backup of {manifest['created_at']} ({manifest['database']}); every hash checked, "
          "the audit log verified.")


def cmd_fsck(args) -> None:
    from actionplan.operations.fsck import fsck
    from actionplan.storage.files import LocalEvidenceStore

    settings = get_settings()
    report = fsck(_engine(), LocalEvidenceStore(settings.evidence_dir),
                  tmp_max_age_seconds=settings.evidence_tmp_max_age_seconds, repair=args.repair)
    for line in report.lines():
        print(line)
    if report.clean:
        print("The evidence store and the database agree." if not report.removed else
              f"Repaired: {len(report.removed)} files removed; nothing else is wrong.")
        return
    if report.missing or report.mismatched:
        print("Evidence rows above have lost their content: restore those files from a backup "
              "(`--repair` never changes rows).", file=sys.stderr)
    else:
        print("Run `actionplan fsck --repair` to remove the files listed.", file=sys.stderr)
    raise SystemExit(1)


def cmd_openapi(args) -> None:
    from actionplan.openapi import openapi_text

    _write(openapi_text(), args.output)


def cmd_plan_schema(args) -> None:
    from actionplan.plans.import_format import json_schema_text

    _write(json_schema_text(), args.output)


def cmd_permissions_doc(args) -> None:
    from actionplan.auth.permissions import permissions_doc

    _write(permissions_doc(), args.output)


def _write(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Wrote {output}.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="actionplan", description="Runs an inspection improvement plan.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the API (and the built SPA, if present)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="send webhook deliveries (and emit action.overdue) until stopped")
    worker.add_argument("--once", action="store_true", help="one round, then exit (e.g. from cron)")
    worker.set_defaults(func=cmd_worker)

    sub.add_parser("purge", help="delete failed sign-ins and inspectors' reads past their retention period "
                                 "(the worker does this daily)").set_defaults(func=cmd_purge)
    remind = sub.add_parser("remind", help="remind owners, reviewers and managers of what is due (once a day; a "
                                           "repeated run tells nobody twice), then send queued emails")
    remind.add_argument("--date", help="the day to remind as of, YYYY-MM-DD (default today in London)")
    remind.set_defaults(func=cmd_remind)
    sub.add_parser("migrate", help="create or upgrade the database schema").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="load the Haringey plan and one demo user per role (idempotent)")
    demo.add_argument("--history", action="store_true",
                      help="instead, an illustrative copy of the plan with April 2019 to March 2020 played through "
                           "it (once; a second run changes nothing)")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import", help="import a plan file (YAML or JSON)")
    imp.add_argument("path")
    imp.set_defaults(func=cmd_import)

    base = sub.add_parser("rebaseline", help="make the next version of a plan from its changed plan file (the plan "
                                             "is the file's slug; actions are matched by ref)")
    base.add_argument("path")
    base.add_argument("--reason", required=True, help="why, e.g. after which monitoring visit")
    base.add_argument("--effective-on", type=dt.date.fromisoformat, help="the day it takes effect (default today)")
    base.set_defaults(func=cmd_rebaseline)

    exp = sub.add_parser("export", help="write a plan as an import file to standard output")
    exp.add_argument("plan_id", type=int)
    exp.add_argument("--format", choices=["yaml", "json"], default="yaml")
    exp.set_defaults(func=cmd_export)

    user = sub.add_parser("create-user", help="create a user; the password is read from standard input")
    user.add_argument("--email", required=True)
    user.add_argument("--role", required=True)
    user.add_argument("--name")
    user.set_defaults(func=cmd_create_user)

    verify = sub.add_parser("audit-verify", help="check the audit log's keyed chain against its checkpoints "
                                                 "(exit 0 intact, 1 tampered, 2 could not check, 3 no checkpoint)")
    verify.add_argument("--checkpoints", action="append", default=[], metavar="FILE",
                        help="a copy of the checkpoint file to check against (repeatable; default the server's)")
    verify.set_defaults(func=cmd_audit_verify)
    sub.add_parser("audit-checkpoint", help="append a signed checkpoint of the audit log to the checkpoint file"
                   ).set_defaults(func=cmd_audit_checkpoint)

    back = sub.add_parser("backup", help="write one archive of the database and the evidence files (while the "
                                         "server runs)")
    back.add_argument("dest", help="the archive's path, or a directory to write a dated archive in")
    back.set_defaults(func=cmd_backup)

    rest = sub.add_parser("restore", help="restore an archive into an empty database and evidence directory")
    rest.add_argument("archive")
    rest.set_defaults(func=cmd_restore)

    check = sub.add_parser("fsck", help="check evidence files against the database; exits 1 if anything is wrong")
    check.add_argument("--repair", action="store_true",
                       help="remove orphan content files and stale temporary uploads (never rows)")
    check.set_defaults(func=cmd_fsck)

    spec = sub.add_parser("openapi", help="write the OpenAPI document")
    spec.add_argument("--output", "-o", default="-")
    spec.set_defaults(func=cmd_openapi)

    schema = sub.add_parser("plan-schema", help="write the JSON Schema of the plan import format")
    schema.add_argument("--output", "-o", default="-")
    schema.set_defaults(func=cmd_plan_schema)

    perms = sub.add_parser("permissions-doc", help="write the permission table (docs/permissions.md)")
    perms.add_argument("--output", "-o", default="-")
    perms.set_defaults(func=cmd_permissions_doc)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except AppError as exc:
        print(f"actionplan {args.command}: {exc.detail}", file=sys.stderr)
        raise SystemExit(2) from None
    except OSError as exc:
        print(f"actionplan {args.command}: {exc.strerror}: {exc.filename}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
