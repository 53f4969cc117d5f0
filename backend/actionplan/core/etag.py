"""Optimistic concurrency: reads carry a version as an ETag, writes must send it back in If-Match."""

from actionplan.core.errors import AppError


class PreconditionFailed(AppError):
    status, code, title = 412, "stale_version", "Changed since you read it"


class PreconditionRequired(AppError):
    status, code, title = 428, "if_match_required", "If-Match required"


def make_etag(kind: str, object_id: int, version: int) -> str:
    return f'"{kind}-{object_id}-v{version}"'


def require_match(if_match: str | None, kind: str, object_id: int, version: int) -> int:
    """Returns the version the caller read; raises 428 without If-Match (or with "*") and 412 when stale."""
    if not if_match:
        raise PreconditionRequired(
            "Send the ETag you read in an If-Match header, so a change made meanwhile is not overwritten.")
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" in tags:
        # "*" matches whatever is there now, so it would overwrite a change made since the read.
        raise PreconditionRequired(
            "If-Match: * is not accepted here. Send the ETag from your last read of this, so a change made "
            "meanwhile is not overwritten.", code="if_match_wildcard")
    if make_etag(kind, object_id, version) not in tags:
        raise PreconditionFailed("Someone changed this since you read it. Reload it, check the change, then try again.")
    return version
