"""Every table, imported in one place so that Alembic and create_all see the whole schema."""

from actionplan.actions.models import Action, Milestone, StatusChange
from actionplan.audit.models import AuditEvent
from actionplan.auth.models import InspectorGrant, InspectorRead, ServiceToken, SignInFailure
from actionplan.evidence.models import Evidence, EvidenceLink
from actionplan.measures.models import Measure, MeasureReading, MeasureTarget
from actionplan.plans.models import Area, Plan
from actionplan.users.models import Role, User

__all__ = ["Action", "Area", "AuditEvent", "Evidence", "EvidenceLink", "InspectorGrant", "InspectorRead", "Measure", "MeasureReading",
           "MeasureTarget", "Milestone", "Plan", "Role", "ServiceToken", "SignInFailure",
           "StatusChange", "User"]
