// The pages fetched only when first shown (see route-page.tsx): one file for all of them, so a
// later page costs at most one more request, once.
export { NewServiceTokenPage } from "./features/admin/new-service-token-page";
export { NewUserPage } from "./features/admin/new-user-page";
export { RoleChangesPage } from "./features/admin/role-changes-page";
export { ServiceTokensPage } from "./features/admin/service-tokens-page";
export { UserPage } from "./features/admin/user-page";
export { UsersPage } from "./features/admin/users-page";
export { AreaLeadPage } from "./features/areas/area-lead-page";
export { AreaLeadsPage } from "./features/areas/area-leads-page";
export { LinkPage } from "./features/evidence/link-page";
export { ReviewPage } from "./features/evidence/review-page";
export { UploadPage } from "./features/evidence/upload-page";
export { WithdrawEvidencePage } from "./features/evidence/withdraw-page";
export { CorrectReadingPage, ReadingPage } from "./features/measures/reading-page";
export { MeasureFormPage } from "./features/measures/measure-form-page";
export { InspectorAccessPage } from "./features/inspectors/inspector-access-page";
export { NotificationsPage } from "./features/notifications/notifications-page";
export { ApprovalsPage } from "./features/proposals/approvals-page";
export { ProgressPage } from "./features/proposals/progress-page";
export { ProposalPage } from "./features/proposals/proposal-page";
export { ProposePage } from "./features/proposals/propose-page";
export { RescheduleDecisionPage } from "./features/proposals/reschedule-decision-page";
export { ReschedulePage } from "./features/proposals/reschedule-page";
export { BoardReportPage } from "./features/reports/board-report-page";
export { CoverPage } from "./features/users/cover-page";
export { GlossaryPage } from "./features/plans/glossary-page";
export { PlanAboutPage } from "./features/plans/plan-about-page";
export { RecordMetPage } from "./features/actions/record-met-page";
