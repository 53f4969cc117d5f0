"""Serves the built single-page front end at / beside the API: one process, one port, no CORS."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from actionplan.core.errors import NotFound
from actionplan.core.http import spa_csp


def mount_spa(app: FastAPI, dist: Path, identity_provider: str | None = None) -> None:
    """`identity_provider`: the origin the app may call to sign in (discovery and token endpoints)."""
    index = dist / "index.html"
    index_headers = {"Cache-Control": "no-cache", "Content-Security-Policy": spa_csp(identity_provider)}
    if not index.is_file():
        return
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="spa-assets")

    @app.get("/{path:path}", include_in_schema=False, tags=["spa"])
    def spa(path: str) -> FileResponse:
        if path.startswith("api/"):
            raise NotFound(f"There is no API endpoint /{path}.")
        candidate = (dist / path).resolve()
        # Files at the top of dist (favicon, robots.txt) as themselves; every other path is a
        # client-side route, answered with the app.
        if path and candidate.is_file() and candidate.parent == dist.resolve():
            return FileResponse(candidate)
        return FileResponse(index, headers=index_headers)
