"""The `actionplan` command."""

import argparse
import getpass
import sys
from pathlib import Path

from sqlmodel import Session

from actionplan.core.config import get_settings
from actionplan.core.db import make_engine
from actionplan.core.errors import AppError


def _engine():
    return make_engine(get_settings().database_url)


def cmd_serve(args) -> None:
    import threading

    import uvicorn

    from actionplan.core.logging import configure_logging, logging_config
    from actionplan.webhooks.delivery import run_worker
    from actionplan.webhooks.targets import TargetPolicy

    settings = get_settings()
    configure_logging(settings.log_level)
    stop = threading.Event()
    if settings.run_worker:
        # One delivery loop per `serve` (not per uvicorn worker); ACTIONPLAN_RUN_WORKER=false
        # when `actionplan worker` runs separately.
        threading.Thread(target=run_worker, args=(_engine(), stop, settings.worker_poll_seconds,
                                                   settings.webhook_timeout_seconds, TargetPolicy.from_settings(settings)),
                         name="webhook-worker", daemon=True).start()
    print(f"actionplan API on http://{args.host}:{args.port}/api/v1 (docs at /api/v1/docs)", flush=True)
    try:
        # The middleware logs every request (with its id, status and duration): uvicorn's own
        # access log would say the same without them.
        uvicorn.run("actionplan.main:create_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=settings.log_level.lower(), proxy_headers=False,
                    log_config=logging_config(settings.log_level), access_log=False)
    finally:
        stop.set()


def cmd_worker(args) -> None:
    import signal
    import threading

    from actionplan.core.logging import configure_logging
    from actionplan.webhooks.delivery import run_once, run_worker
    from actionplan.webhooks.targets import TargetPolicy

    settings = get_settings()
    configure_logging(settings.log_level)
    policy = TargetPolicy.from_settings(settings)
    if args.once:
        with Session(_engine()) as session:
            attempted = run_once(session, timeout=settings.webhook_timeout_seconds, policy=policy)
            print(f"Attempted {attempted} webhook deliveries.")
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_worker(_engine(), stop, settings.worker_poll_seconds, settings.webhook_timeout_seconds, policy)


def cmd_migrate(_args) -> None:
    from actionplan.core.migrate import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(_engine())
    print("The database is up to date.")


def cmd_demo(_args) -> None:
    from actionplan.demo import load_demo

    settings = get_settings()
    with Session(_engine()) as session:
        users, password = load_demo(session, settings.demo_password or None)
    print("Demo plan loaded: Haringey Children's Service Ofsted Action Plan March 2019.")
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


def cmd_audit_verify(_args) -> None:
    from actionplan.audit.service import verify_chain

    with Session(_engine()) as session:
        checked, broken, problem = verify_chain(session)
    if broken is None:
        print(f"The audit log is intact: {checked} events checked.")
        return
    print(f"The audit log is BROKEN at event {broken.id} ({broken.operation} on {broken.object_type} "
          f"{broken.object_id}, {broken.at:%Y-%m-%d %H:%M:%S}): {problem}. {checked} events before it are intact.",
          file=sys.stderr)
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

    sub.add_parser("migrate", help="create or upgrade the database schema").set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help="load the Haringey plan and one demo user per role (idempotent)").set_defaults(
        func=cmd_demo)

    imp = sub.add_parser("import", help="import a plan file (YAML or JSON)")
    imp.add_argument("path")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="write a plan as an import file to standard output")
    exp.add_argument("plan_id", type=int)
    exp.add_argument("--format", choices=["yaml", "json"], default="yaml")
    exp.set_defaults(func=cmd_export)

    user = sub.add_parser("create-user", help="create a user; the password is read from standard input")
    user.add_argument("--email", required=True)
    user.add_argument("--role", required=True)
    user.add_argument("--name")
    user.set_defaults(func=cmd_create_user)

    sub.add_parser("audit-verify", help="check the audit log's hash chain").set_defaults(func=cmd_audit_verify)

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
