"""Evidence use cases. Each one applies the rules, writes its audit event in the same transaction
and commits once; a file and its row are kept together or not at all.

The order for anything with a file (see storage/files.py): the upload is already in a temporary
file; the rows are written and flushed (their own errors surface there), then the file is moved
into place, then the transaction commits. Any exception before that rolls the transaction back,
and the route discards the temporary file.

Audit events describe evidence without its filename, description, link target or hashes: the
audit log is permanent and those may carry personal data that erasure has to be able to remove.
Titles are kept, in the record and in the log, as the record that an item existed.
"""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import Session, col, select

from actionplan.actions.deps import action_for, action_ref
from actionplan.actions.models import Action, UserRef
from actionplan.audit import service as audit
from actionplan.auth.deps import cover_for
from actionplan.auth.permissions import (
    DEFAULT_SERVICE_SCOPES, Perm, Principal, check, check_evidence_change, check_evidence_review,
    check_evidence_review_as_cover, check_evidence_unlink, reviews_evidence_as, sees_evidence, sees_evidence_history,
    visible_plan_ids,
)
from actionplan.core.clock import council_today
from actionplan.core.errors import Conflict, Forbidden, Invalid, NotFound, UnsupportedType, body_field
from actionplan.core.types import utcnow
from actionplan.evidence.content import hashes_in_use, lock_contents
from actionplan.evidence.deps import actions_of, evidence_for, home_action_ref, missing, refuse
from actionplan.evidence.filetypes import ALLOWED_DESCRIPTION, FileType, detect, sanitise_filename
from actionplan.evidence.models import Evidence, EvidenceFile, EvidenceLink
from actionplan.evidence.schemas import (
    CASE_PREFIX, LIVE_STATES, CaseReference, EvidenceLinkCreate, EvidencePublic, EvidenceReview, EvidenceReviewQueue,
    EvidenceState, EvidenceToReview, EvidenceUploadFields, EvidenceVersionPublic, ReviewDecision,
)
from actionplan.storage.files import EvidenceStore, Upload
from actionplan.users.models import User
from actionplan.webhooks.outbox import emit

log = logging.getLogger("actionplan.evidence")

# Webhook subscribers are service accounts: they are told of what a read-only service token may see.
WEBHOOK_READER = Principal(id=0, role=None, service_scopes=tuple(DEFAULT_SERVICE_SCOPES))


@contextmanager
def _transaction(session: Session) -> Iterator[None]:
    try:
        yield
    except BaseException:
        session.rollback()
        raise


# Reading

def to_public(session: Session, items: list[Evidence]) -> list[EvidencePublic]:
    """The API's view of several items, with their actions and people fetched in two queries."""
    ids = [e.id for e in items]
    action_ids: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        for evidence_id, action_id in session.exec(
                select(EvidenceLink.evidence_id, EvidenceLink.action_id).where(col(EvidenceLink.evidence_id).in_(ids))
                .order_by(col(EvidenceLink.home).desc(), col(EvidenceLink.linked_at), col(EvidenceLink.action_id))):
            action_ids[evidence_id].append(action_id)
    user_ids = {u for e in items for u in (e.uploaded_by_id, e.reviewed_by_id, e.erased_by_id) if u is not None}
    users = {u.id: UserRef(id=u.id, name=u.name)
             for u in session.exec(select(User).where(col(User.id).in_(user_ids)))} if user_ids else {}
    today = council_today()
    out = []
    for e in items:
        url, case_reference = _link_target(e.url)
        out.append(EvidencePublic(
            id=e.id, plan_id=e.plan_id, action_ids=action_ids[e.id], home_action_id=action_ids[e.id][0], kind=e.kind, title=e.title,
            description=e.description, state=EvidenceState(e.state), version=e.version, filename=e.filename,
            content_type=e.content_type, size_bytes=e.size_bytes, sha256=e.sha256, url=url,
            case_reference=case_reference, effective_on=e.effective_on, expires_on=e.expires_on,
            needs_renewal=e.expires_on is not None and e.expires_on < today and e.state != EvidenceState.erased,
            contains_personal_data=e.contains_personal_data, uploaded_by=users.get(e.uploaded_by_id),
            uploaded_at=e.uploaded_at, reviewed_by=users.get(e.reviewed_by_id), reviewed_at=e.reviewed_at,
            review_note=e.review_note, erased_by=users.get(e.erased_by_id), erased_at=e.erased_at,
            erasure_reason=e.erasure_reason))
    return out


def _public(session: Session, evidence: Evidence) -> EvidencePublic:
    return to_public(session, [evidence])[0]


def _link_target(stored: str | None) -> tuple[str | None, CaseReference | None]:
    if stored is None:
        return None, None
    if stored.startswith(CASE_PREFIX):
        system, _, reference = stored.removeprefix(CASE_PREFIX).partition(":")
        return None, CaseReference.model_construct(system=system, reference=reference)
    return stored, None


def list_for_action(session: Session, principal: Principal, action_id: int) -> list[EvidencePublic]:
    action = action_for(session, principal, action_id)
    items = session.exec(select(Evidence).join(EvidenceLink, col(EvidenceLink.evidence_id) == Evidence.id)
                         .where(EvidenceLink.action_id == action.id)
                         .order_by(col(Evidence.uploaded_at), col(Evidence.id))).all()
    return to_public(session, [e for e in items if sees_evidence(principal, e.state, e.contains_personal_data)])


def get_evidence(session: Session, principal: Principal, evidence_id: int) -> EvidencePublic:
    return _public(session, evidence_for(session, principal, evidence_id))


def list_versions(session: Session, principal: Principal, evidence_id: int) -> list[EvidenceVersionPublic]:
    """Newest first. Those who see only accepted evidence see its current version only."""
    evidence = evidence_for(session, principal, evidence_id)
    rows = session.exec(select(EvidenceFile).where(EvidenceFile.evidence_id == evidence.id)
                        .order_by(col(EvidenceFile.version_no).desc())).all()
    if not sees_evidence_history(principal):
        rows = [r for r in rows if r.version_no == evidence.version]
    user_ids = {r.uploaded_by_id for r in rows if r.uploaded_by_id is not None}
    users = {u.id: UserRef(id=u.id, name=u.name)
             for u in session.exec(select(User).where(col(User.id).in_(user_ids)))} if user_ids else {}
    return [EvidenceVersionPublic(version_no=r.version_no, current=r.version_no == evidence.version,
                                  filename=r.filename, content_type=r.content_type, size_bytes=r.size_bytes,
                                  sha256=r.sha256, uploaded_by=users.get(r.uploaded_by_id), uploaded_at=r.uploaded_at)
            for r in rows]


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size_bytes: int
    content_type: str
    filename: str


def file_to_download(session: Session, principal: Principal, evidence_id: int,
                     version_no: int | None = None) -> StoredFile:
    """The current file, or an earlier version for those who see evidence history."""
    evidence = evidence_for(session, principal, evidence_id)
    if evidence.kind != "file":
        raise NotFound(f"Evidence {evidence_id} is a link; it has no file.", code="evidence_has_no_file")
    if evidence.state == EvidenceState.erased:
        raise NotFound(f"The content of evidence {evidence_id} was erased on {evidence.erased_at:%d %B %Y}.",
                       code="evidence_erased")
    if version_no is None or version_no == evidence.version:
        return StoredFile(evidence.sha256, evidence.size_bytes, evidence.content_type, evidence.filename)
    row = session.exec(select(EvidenceFile).where(EvidenceFile.evidence_id == evidence.id,
                                                  EvidenceFile.version_no == version_no)).first()
    if row is None or row.sha256 is None or not sees_evidence_history(principal):
        raise NotFound(f"Evidence {evidence_id} has no version {version_no}.")
    return StoredFile(row.sha256, row.size_bytes, row.content_type, row.filename)


# Writing

def _audit_view(evidence: Evidence, action_ids: list[int]) -> dict:
    return {"kind": evidence.kind, "state": evidence.state, "version": evidence.version, "title": evidence.title,
            "content_type": evidence.content_type, "size_bytes": evidence.size_bytes,
            "contains_personal_data": evidence.contains_personal_data,
            "effective_on": _iso(evidence.effective_on), "expires_on": _iso(evidence.expires_on),
            "action_ids": action_ids}


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _linked_ids(session: Session, evidence_id: int) -> list[int]:
    return [a.id for a in actions_of(session, evidence_id)]


def _locked_action(session: Session, principal: Principal, action_id: int, perm: Perm) -> Action:
    """The action, authorised, its row locked (PostgreSQL) so two uploads of one file cannot both pass
    the duplicate check."""
    session.exec(select(Action.id).where(Action.id == action_id).with_for_update()).first()
    return action_for(session, principal, action_id, perm)


def _file_type(upload: Upload) -> FileType:
    file_type = detect(upload.head, upload.reopen)
    if file_type is None:
        raise UnsupportedType("The file's content is not of a type accepted as evidence (its name and the type "
                              f"your computer gave it do not count). {ALLOWED_DESCRIPTION}",
                              code="evidence_type_not_allowed")
    return file_type


def _live_with(session: Session, action_ids: list[int], condition, exclude_id: int | None = None) -> Evidence | None:
    query = (select(Evidence).join(EvidenceLink, col(EvidenceLink.evidence_id) == Evidence.id)
             .where(col(EvidenceLink.action_id).in_(action_ids), condition, col(Evidence.state).in_(LIVE_STATES)))
    if exclude_id is not None:
        query = query.where(Evidence.id != exclude_id)
    return session.exec(query.order_by(col(Evidence.id))).first()


def _duplicate(existing: Evidence, where: str, what: str = "This file") -> Conflict:
    return Conflict(f"{what} is already evidence {existing.id} (“{existing.title}”, {existing.state}) {where}. "
                    f"Link or replace that item instead.", code="evidence_duplicate",
                    errors=[{"loc": ["body"], "msg": f"Same as evidence {existing.id}", "type": "duplicate"}])


def check_may_upload(session: Session, principal: Principal, action_id: int) -> None:
    """Before a body is read: 404/403 without waiting for the file. The read transaction then ends,
    so that none stays open while a large file arrives."""
    action_for(session, principal, action_id, Perm.evidence_upload)
    session.commit()


def upload_file(session: Session, principal: Principal, action_id: int, fields: EvidenceUploadFields,
                upload: Upload, filename: str) -> EvidencePublic:
    with _transaction(session):
        action = _locked_action(session, principal, action_id, Perm.evidence_upload)
        file_type = _file_type(upload)
        existing = _live_with(session, [action.id], Evidence.sha256 == upload.sha256)
        if existing is not None:
            raise _duplicate(existing, f"on action {action.ref}")
        now = utcnow()
        evidence = Evidence(plan_id=action.plan_id, title=fields.title.strip(), description=fields.description,
                            kind="file", sha256=upload.sha256, size_bytes=upload.size, content_type=file_type.mime,
                            filename=sanitise_filename(filename, file_type), effective_on=fields.effective_on,
                            expires_on=fields.expires_on, contains_personal_data=fields.contains_personal_data,
                            state=EvidenceState.submitted, uploaded_by_id=principal.id, uploaded_at=now)
        session.add(evidence)
        session.flush()
        session.add(EvidenceFile(evidence_id=evidence.id, version_no=1, sha256=evidence.sha256,
                                 size_bytes=evidence.size_bytes, content_type=evidence.content_type,
                                 filename=evidence.filename, uploaded_by_id=principal.id, uploaded_at=now))
        session.add(EvidenceLink(evidence_id=evidence.id, action_id=action.id, linked_by_id=principal.id, linked_at=now,
                                 home=True))
        audit.record(session, principal, "evidence.upload", "evidence", evidence.id,
                     after=_audit_view(evidence, [action.id]))
        session.flush()
        lock_contents(session, [upload.sha256])
        upload.commit()  # puts the file back if an erase removed it since
        session.commit()
    return _public(session, evidence)


def add_link(session: Session, principal: Principal, action_id: int, body: EvidenceLinkCreate) -> EvidencePublic:
    with _transaction(session):
        action = _locked_action(session, principal, action_id, Perm.evidence_upload)
        stored = body.stored_url()
        existing = _live_with(session, [action.id], Evidence.url == stored)
        if existing is not None:
            raise _duplicate(existing, f"on action {action.ref}", "This link")
        now = utcnow()
        evidence = Evidence(plan_id=action.plan_id, title=body.title.strip(), description=body.description,
                            kind="link", url=stored, effective_on=body.effective_on, expires_on=body.expires_on,
                            contains_personal_data=body.contains_personal_data, state=EvidenceState.submitted,
                            uploaded_by_id=principal.id, uploaded_at=now)
        session.add(evidence)
        session.flush()
        session.add(EvidenceLink(evidence_id=evidence.id, action_id=action.id, linked_by_id=principal.id, linked_at=now,
                                 home=True))
        audit.record(session, principal, "evidence.add_link", "evidence", evidence.id,
                     after=_audit_view(evidence, [action.id]))
        session.commit()
    return _public(session, evidence)


def link_to_action(session: Session, principal: Principal, evidence_id: int, action_id: int) -> EvidencePublic:
    """One item, several actions: a single audit report often evidences three. Its review state stays."""
    with _transaction(session):
        evidence = evidence_for(session, principal, evidence_id, for_update=True)
        action = _locked_action(session, principal, action_id, Perm.evidence_upload)
        if action.plan_id != evidence.plan_id:
            raise Invalid(f"Action {action_id} is in another plan; evidence supports actions of its own plan only.",
                          code="evidence_other_plan",
                          errors=[body_field("action_id", "Not in the evidence's plan")])
        _require_live(evidence)
        linked = _linked_ids(session, evidence.id)
        if action.id in linked:
            raise Conflict(f"Evidence {evidence_id} already supports action {action.ref}.", code="evidence_already_linked")
        same = Evidence.sha256 == evidence.sha256 if evidence.kind == "file" else Evidence.url == evidence.url
        existing = _live_with(session, [action.id], same, exclude_id=evidence.id)
        if existing is not None:
            raise _duplicate(existing, f"on action {action.ref}", "The same content")
        before = _audit_view(evidence, linked)
        session.add(EvidenceLink(evidence_id=evidence.id, action_id=action.id, linked_by_id=principal.id,
                                 linked_at=utcnow()))
        audit.record(session, principal, "evidence.link_action", "evidence", evidence.id, before,
                     _audit_view(evidence, [*linked, action.id]))
        session.commit()
    return _public(session, evidence)


def unlink_from_action(session: Session, principal: Principal, evidence_id: int, action_id: int) -> EvidencePublic:
    """The item no longer shows on that action; its home link stays (withdraw the item instead)."""
    with _transaction(session):
        evidence = evidence_for(session, principal, evidence_id, for_update=True)
        link = session.get(EvidenceLink, (evidence.id, action_id))
        if link is None:
            raise NotFound(f"Evidence {evidence_id} does not support action {action_id}.")
        linked_action = session.get(Action, action_id)
        refuse(check_evidence_unlink(principal, action_ref(linked_action), home_action_ref(session, evidence.id),
                                     evidence.uploaded_by_id), missing(evidence_id))
        if link.home:
            raise Conflict(f"Evidence {evidence_id} was uploaded to action {linked_action.ref}, so it stays there; "
                           "withdraw it instead.", code="evidence_home_link")
        linked = _linked_ids(session, evidence.id)
        session.delete(link)
        audit.record(session, principal, "evidence.unlink_action", "evidence", evidence.id,
                     _audit_view(evidence, linked), _audit_view(evidence, [i for i in linked if i != action_id]))
        session.commit()
    return _public(session, evidence)


def _require_live(evidence: Evidence) -> None:
    if evidence.state not in LIVE_STATES:
        raise Conflict(f"Evidence {evidence.id} is {evidence.state}; nothing more can be done with it.",
                       code="evidence_not_live")


def review_queue(session: Session, principal: Principal, covered: list[Principal], limit: int,
                 offset: int) -> EvidenceReviewQueue:
    """Submitted evidence the caller may review, themselves or as a cover, oldest first: filtered by the
    rules themselves. Items waiting for review are few; this reads them all."""
    query = (select(Evidence, Action, EvidenceFile.uploaded_by_id)
             .join(EvidenceLink, (col(EvidenceLink.evidence_id) == Evidence.id) & col(EvidenceLink.home))
             .join(Action, col(Action.id) == EvidenceLink.action_id)
             .outerjoin(EvidenceFile, (col(EvidenceFile.evidence_id) == Evidence.id)
                        & (col(EvidenceFile.version_no) == Evidence.version))
             .where(Evidence.state == EvidenceState.submitted)
             .order_by(col(Evidence.uploaded_at), col(Evidence.id)))
    visible = visible_plan_ids(principal)
    if visible is not None:
        query = query.where(col(Evidence.plan_id).in_(visible))
    waiting = []
    for evidence, action, file_author in session.exec(query).all():
        if not sees_evidence(principal, evidence.state, evidence.contains_personal_data):
            continue
        reviewer = reviews_evidence_as(principal, covered, action_ref(action), {evidence.uploaded_by_id, file_author})
        if reviewer is not None:
            waiting.append((evidence, action, reviewer))
    page = waiting[offset:offset + limit]
    public = to_public(session, [e for e, _, _ in page])
    return EvidenceReviewQueue(items=[
        EvidenceToReview(evidence=item, home_action_ref=action.ref,
                         review_as=None if reviewer.id == principal.id else UserRef(id=reviewer.id, name=reviewer.name))
        for item, (_, action, reviewer) in zip(public, page)], total=len(waiting), limit=limit, offset=offset)


def review(session: Session, principal: Principal, evidence_id: int, body: EvidenceReview) -> EvidencePublic:
    with _transaction(session):
        evidence = evidence_for(session, principal, evidence_id, for_update=True)
        authors = {evidence.uploaded_by_id, *session.exec(
            select(EvidenceFile.uploaded_by_id).where(EvidenceFile.evidence_id == evidence.id,
                                                      EvidenceFile.version_no == evidence.version)).all()}
        home = home_action_ref(session, evidence.id)
        approver = None
        if body.on_behalf_of_id is None:
            refuse(check_evidence_review(principal, home, authors), missing(evidence_id))
        else:
            approver = cover_for(session, principal, body.on_behalf_of_id)
            denied = check_evidence_review_as_cover(principal, approver, home, authors)
            if denied is not None and denied.visible:
                raise Forbidden(f"You may not do this as {approver.name}'s cover: {denied.why}.", code="forbidden")
            refuse(denied, missing(evidence_id))
        if evidence.state != EvidenceState.submitted:
            raise Conflict(f"Evidence {evidence_id} is {evidence.state}: only submitted evidence is reviewed.",
                           code="evidence_not_submitted")
        linked = _linked_ids(session, evidence.id)
        before = _audit_view(evidence, linked)
        accepted = body.decision == ReviewDecision.accept
        evidence.state = EvidenceState.accepted if accepted else EvidenceState.rejected
        evidence.reviewed_by_id = principal.id
        evidence.reviewed_at = utcnow()
        evidence.review_note = body.note.strip() or None
        session.add(evidence)
        after = _audit_view(evidence, linked)
        if approver is not None:
            after["on_behalf_of_id"] = approver.id
        audit.record(session, principal, "evidence.accept" if accepted else "evidence.reject", "evidence",
                     evidence.id, before, after)
        session.flush()
        if accepted and sees_evidence(WEBHOOK_READER, evidence.state, evidence.contains_personal_data):
            emit(session, "evidence.accepted", _public(session, evidence).model_dump(mode="json"), evidence.plan_id)
        session.commit()
    return _public(session, evidence)


def withdraw(session: Session, principal: Principal, evidence_id: int) -> EvidencePublic:
    with _transaction(session):
        evidence = evidence_for(session, principal, evidence_id, for_update=True)
        refuse(check_evidence_change(principal, home_action_ref(session, evidence.id), evidence.uploaded_by_id),
               missing(evidence_id))
        _require_live(evidence)
        linked = _linked_ids(session, evidence.id)
        before = _audit_view(evidence, linked)
        evidence.state = EvidenceState.withdrawn
        session.add(evidence)
        audit.record(session, principal, "evidence.withdraw", "evidence", evidence.id, before,
                     _audit_view(evidence, linked))
        session.commit()
    return _public(session, evidence)


def _replaceable(session: Session, principal: Principal, evidence_id: int, *, for_update: bool) -> Evidence:
    evidence = evidence_for(session, principal, evidence_id, for_update=for_update)
    refuse(check_evidence_change(principal, home_action_ref(session, evidence.id), evidence.uploaded_by_id),
           missing(evidence_id))
    if evidence.kind != "file":
        raise Conflict(f"Evidence {evidence_id} is a link; it has no file to replace.", code="evidence_is_link")
    _require_live(evidence)
    return evidence


def check_may_replace(session: Session, principal: Principal, evidence_id: int) -> None:
    """Before a body is read (see check_may_upload)."""
    _replaceable(session, principal, evidence_id, for_update=False)
    session.commit()


def replace_file(session: Session, principal: Principal, evidence_id: int, upload: Upload,
                 filename: str) -> EvidencePublic:
    """A new version: the earlier ones stay in the item's history, and the item goes back for review."""
    with _transaction(session):
        evidence = _replaceable(session, principal, evidence_id, for_update=True)
        file_type = _file_type(upload)
        if upload.sha256 == evidence.sha256:
            raise Conflict(f"This file is the same as the current version of evidence {evidence_id}.",
                           code="evidence_unchanged")
        linked = _linked_ids(session, evidence.id)
        existing = _live_with(session, linked, Evidence.sha256 == upload.sha256, exclude_id=evidence.id)
        if existing is not None:
            raise _duplicate(existing, "on an action this evidence supports")
        before = _audit_view(evidence, linked)
        now = utcnow()
        evidence.version += 1
        evidence.sha256, evidence.size_bytes, evidence.content_type = upload.sha256, upload.size, file_type.mime
        evidence.filename = sanitise_filename(filename, file_type)
        evidence.state = EvidenceState.submitted
        evidence.reviewed_by_id = evidence.reviewed_at = evidence.review_note = None
        session.add(evidence)
        session.add(EvidenceFile(evidence_id=evidence.id, version_no=evidence.version, sha256=evidence.sha256,
                                 size_bytes=evidence.size_bytes, content_type=evidence.content_type,
                                 filename=evidence.filename, uploaded_by_id=principal.id, uploaded_at=now))
        audit.record(session, principal, "evidence.replace_file", "evidence", evidence.id, before,
                     _audit_view(evidence, linked))
        session.flush()
        lock_contents(session, [upload.sha256])
        upload.commit()  # puts the file back if an erase removed it since
        session.commit()
    return _public(session, evidence)


def erase(session: Session, principal: Principal, store: EvidenceStore, evidence_id: int,
          reason: str) -> EvidencePublic:
    """Data-protection erasure: the content of every version goes, and with it the filenames, the
    description, the link target and the hashes; the record that the item existed stays (title, dates,
    who uploaded, reviewed and erased it, when and why).

    A stored file is deleted only when no other evidence row still names its hash (identical content
    uploaded as another item is that item's to erase). The files go after the rows are flushed and
    before the commit: if the commit then failed, the item would still say what it held and erasing it
    again would finish the job, whereas deleting after the commit could leave personal data on disk
    that no row names any more. Deciding and deleting happen under the content lock (evidence/content.py),
    so an identical upload racing the erase keeps its file; and under the store's removal lock until the
    commit, so that a backup never snapshots a row whose file then goes before it is copied.
    """
    # A backup in progress holds off removals (store.frozen): wait for it before this transaction
    # starts, ending the request's read, so that no database lock is held meanwhile.
    session.commit()
    with store.removing(), _transaction(session):
        evidence = evidence_for(session, principal, evidence_id, for_update=True)
        refuse(check(principal, Perm.evidence_erase, home_action_ref(session, evidence.id)), missing(evidence_id))
        if evidence.state == EvidenceState.erased:
            raise Conflict(f"Evidence {evidence_id} was already erased.", code="evidence_not_live")
        versions = session.exec(select(EvidenceFile).where(EvidenceFile.evidence_id == evidence.id)).all()
        hashes = {h for h in (evidence.sha256, *(v.sha256 for v in versions)) if h}
        linked = _linked_ids(session, evidence.id)
        before = _audit_view(evidence, linked)
        evidence.state = EvidenceState.erased
        evidence.erased_at, evidence.erased_by_id, evidence.erasure_reason = utcnow(), principal.id, reason.strip()
        evidence.sha256 = evidence.filename = evidence.url = None
        evidence.description = ""
        session.add(evidence)
        for version in versions:
            version.sha256, version.filename = None, ""
            session.add(version)
        session.flush()
        lock_contents(session, hashes)
        shared = hashes_in_use(session, among=hashes)
        audit.record(session, principal, "evidence.erase", "evidence", evidence.id, before,
                     {**_audit_view(evidence, linked), "reason": evidence.erasure_reason,
                      "files_removed": len(hashes - shared), "files_kept_for_other_items": len(shared)})
        session.flush()
        for sha256 in sorted(hashes - shared):
            store.delete(sha256)
        session.commit()
    return _public(session, evidence)
