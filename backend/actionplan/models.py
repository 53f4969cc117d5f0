"""Every table, imported in one place so that Alembic and create_all see the whole schema."""

from actionplan.actions.models import Action, Milestone, ProgressNote, Reschedule, StatusChange
from actionplan.audit.models import AuditEvent
from actionplan.board.models import (
    Commentary, CommentaryVersion, DecisionLink, Forum, Meeting, MeetingDecision, MeetingSnapshot,
)
from actionplan.auth.models import InspectorGrant, InspectorRead, ServiceToken, SignInFailure, SignInThrottle
from actionplan.evidence.models import Evidence, EvidenceFile, EvidenceLink
from actionplan.feeds.models import CalendarFeed
from actionplan.jobs.models import Job
from actionplan.measures.models import Measure, MeasureBaseline, MeasureReading, MeasureTarget
from actionplan.notifications.models import Notification
from actionplan.plans.models import Area, Plan
from actionplan.reports.models import PackRendering
from actionplan.reminders.models import PlanReminderSettings, ReminderPreference, ReminderSent
from actionplan.users.models import Delegation, Role, RoleChange, User
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from actionplan.workbooks.models import WorkbookImport

__all__ = [
    "Action", "Area", "AuditEvent", "CalendarFeed", "Commentary", "CommentaryVersion", "DecisionLink",
    "Delegation", "Evidence", "EvidenceFile", "EvidenceLink", "Forum", "InspectorGrant", "InspectorRead", "Job",
    "Measure", "MeasureBaseline", "MeasureReading", "MeasureTarget", "Meeting", "MeetingDecision",
    "MeetingSnapshot", "Milestone", "Notification", "PackRendering", "Plan", "PlanReminderSettings", "ProgressNote",
    "ReminderPreference", "ReminderSent", "Reschedule", "Role", "RoleChange", "ServiceToken", "SignInFailure",
    "SignInThrottle", "StatusChange", "User",
    "WebhookDelivery", "WebhookSubscription", "WorkbookImport",
]
