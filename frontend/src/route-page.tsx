// Which page each route shows. Pages get their ids from the URL; each loads its own data.
// The everyday pages (dashboard, area, action, my actions) are in the first bundle; the others are
// fetched when first shown (lazyPage), all in one file (more-pages.ts).
import { ActionPage } from "./features/actions/action-page";
import { MyActionsPage } from "./features/actions/my-actions-page";
import { AreaPage } from "./features/areas/area-page";
import { HomePage } from "./features/home/home-page";
import { DashboardPage } from "./features/plans/dashboard-page";
import { lazyPage } from "./components/lazy-page";
import { ProblemPage } from "./components/problem-page";
import { changesThings, paths, type RouteMatch } from "./router/routes";
import { readsOnly } from "./auth/permissions";
import { useSession } from "./auth/session-context";
import { BackLink } from "./components/back-link";
import { PageHeading } from "./components/page-heading";
import { NOT_FOUND } from "./api/problem";

// One module holds them all; each page waits for it the first time.
const more = () => import("./more-pages");
const NewServiceTokenPage = lazyPage(() => more().then((m) => m.NewServiceTokenPage));
const NewUserPage = lazyPage(() => more().then((m) => m.NewUserPage));
const RoleChangesPage = lazyPage(() => more().then((m) => m.RoleChangesPage));
const ServiceTokensPage = lazyPage(() => more().then((m) => m.ServiceTokensPage));
const UserPage = lazyPage(() => more().then((m) => m.UserPage));
const UsersPage = lazyPage(() => more().then((m) => m.UsersPage));
const AreaLeadPage = lazyPage(() => more().then((m) => m.AreaLeadPage));
const AreaLeadsPage = lazyPage(() => more().then((m) => m.AreaLeadsPage));
const InspectorAccessPage = lazyPage(() => more().then((m) => m.InspectorAccessPage));
const LinkPage = lazyPage(() => more().then((m) => m.LinkPage));
const ReviewPage = lazyPage(() => more().then((m) => m.ReviewPage));
const UploadPage = lazyPage(() => more().then((m) => m.UploadPage));
const NotificationsPage = lazyPage(() => more().then((m) => m.NotificationsPage));
const ApprovalsPage = lazyPage(() => more().then((m) => m.ApprovalsPage));
const ProgressPage = lazyPage(() => more().then((m) => m.ProgressPage));
const ProposalPage = lazyPage(() => more().then((m) => m.ProposalPage));
const ProposePage = lazyPage(() => more().then((m) => m.ProposePage));
const RescheduleDecisionPage = lazyPage(() => more().then((m) => m.RescheduleDecisionPage));
const ReschedulePage = lazyPage(() => more().then((m) => m.ReschedulePage));
const ReadingPage = lazyPage(() => more().then((m) => m.ReadingPage));
const CorrectReadingPage = lazyPage(() => more().then((m) => m.CorrectReadingPage));
const MeasureFormPage = lazyPage(() => more().then((m) => m.MeasureFormPage));
const RecordMetPage = lazyPage(() => more().then((m) => m.RecordMetPage));
const BoardReportPage = lazyPage(() => more().then((m) => m.BoardReportPage));
const CoverPage = lazyPage(() => more().then((m) => m.CoverPage));
const PlanAboutPage = lazyPage(() => more().then((m) => m.PlanAboutPage));
const PlanVersionsPage = lazyPage(() => more().then((m) => m.PlanVersionsPage));
const RebaselinePage = lazyPage(() => more().then((m) => m.RebaselinePage));
const WithdrawEvidencePage = lazyPage(() => more().then((m) => m.WithdrawEvidencePage));
const GlossaryPage = lazyPage(() => more().then((m) => m.GlossaryPage));
const BoardPage = lazyPage(() => more().then((m) => m.BoardPage));
const NewMeetingPage = lazyPage(() => more().then((m) => m.NewMeetingPage));
const MeetingPage = lazyPage(() => more().then((m) => m.MeetingPage));
const RecordDecisionPage = lazyPage(() => more().then((m) => m.RecordDecisionPage));
const WriteCommentaryPage = lazyPage(() => more().then((m) => m.WriteCommentaryPage));
const CommentaryPage = lazyPage(() => more().then((m) => m.CommentaryPage));
const PlanRemindersPage = lazyPage(() => more().then((m) => m.PlanRemindersPage));
const SettingsPage = lazyPage(() => more().then((m) => m.SettingsPage));
const ImportWorkbookPage = lazyPage(() => more().then((m) => m.ImportWorkbookPage));
const WorkbookImportPage = lazyPage(() => more().then((m) => m.WorkbookImportPage));

export function RoutePage({ route }: { route: RouteMatch }) {
  const { params } = route;
  const { me } = useSession();
  if (readsOnly(me) && changesThings(route.name)) return <ReadOnlyRefusal route={route} />;
  switch (route.name) {
    case "home": return <HomePage />;
    case "plan": return <DashboardPage planId={params.planId} />;
    case "planAbout": return <PlanAboutPage planId={params.planId} />;
    case "planVersions": return <PlanVersionsPage planId={params.planId} />;
    case "rebaseline": return <RebaselinePage planId={params.planId} />;
    case "glossary": return <GlossaryPage planId={params.planId} />;
    case "areaLeads": return <AreaLeadsPage planId={params.planId} />;
    case "inspectorAccess": return <InspectorAccessPage planId={params.planId} />;
    case "planReminders": return <PlanRemindersPage planId={params.planId} />;
    case "importWorkbook": return <ImportWorkbookPage planId={params.planId} />;
    case "workbookImport": return <WorkbookImportPage importId={params.importId} />;
    case "area": return <AreaPage areaId={params.areaId} />;
    case "areaLead": return <AreaLeadPage areaId={params.areaId} />;
    case "boardReport": return <BoardReportPage planId={params.planId} />;
    case "board": return <BoardPage planId={params.planId} />;
    case "newMeeting": return <NewMeetingPage planId={params.planId} />;
    case "meeting": return <MeetingPage meetingId={params.meetingId} />;
    case "recordDecision": return <RecordDecisionPage meetingId={params.meetingId} />;
    case "writeCommentary": return <WriteCommentaryPage meetingId={params.meetingId} areaId={params.areaId} />;
    case "commentary": return <CommentaryPage commentaryId={params.commentaryId} />;
    case "action": return <ActionPage actionId={params.actionId} />;
    case "propose": return <ProposePage actionId={params.actionId} />;
    case "recordProgress": return <ProgressPage actionId={params.actionId} />;
    case "reschedule": return <ReschedulePage actionId={params.actionId} />;
    case "uploadEvidence": return <UploadPage actionId={params.actionId} />;
    case "linkEvidence": return <LinkPage actionId={params.actionId} />;
    case "withdrawEvidence": return <WithdrawEvidencePage evidenceId={params.evidenceId} />;
    case "reviewEvidence": return <ReviewPage evidenceId={params.evidenceId} />;
    case "enterReading": return <ReadingPage measureId={params.measureId} />;
    case "correctReading": return <CorrectReadingPage readingId={params.readingId} />;
    case "newActionMeasure": return <MeasureFormPage actionId={params.actionId} />;
    case "newAreaMeasure": return <MeasureFormPage areaId={params.areaId} />;
    case "editMeasure": return <MeasureFormPage measureId={params.measureId} />;
    case "recordMet": return <RecordMetPage actionId={params.actionId} milestoneId={params.milestoneId} />;
    case "proposal": return <ProposalPage proposalId={params.proposalId} />;
    case "rescheduleDecision": return <RescheduleDecisionPage rescheduleId={params.rescheduleId} />;
    case "approvals": return <ApprovalsPage />;
    case "cover": return <CoverPage />;
    case "notifications": return <NotificationsPage />;
    case "myActions": return <MyActionsPage />;
    case "users": return <UsersPage />;
    case "newUser": return <NewUserPage />;
    case "user": return <UserPage userId={params.userId} />;
    case "serviceTokens": return <ServiceTokensPage />;
    case "newServiceToken": return <NewServiceTokenPage />;
    case "roleChanges": return <RoleChangesPage />;
    case "settings": return <SettingsPage />;
    default: return <ProblemPage problem={NOT_FOUND} />;
  }
}

/** An inspector who types the address of a form: told plainly, and sent back to what they may read. */
function ReadOnlyRefusal({ route }: { route: RouteMatch }) {
  const { actionId, planId } = route.params;
  const back = actionId ? { href: paths.action(actionId), text: "Back to the action" }
    : planId ? { href: paths.plan(planId), text: "Back to the plan" } : { href: paths.home(), text: "Back to the start" };
  return (
    <>
      <BackLink href={back.href}>{back.text}</BackLink>
      <PageHeading title="You can read the plan but not change it" />
      <p class="govuk-body">Inspectors can read the plan, its evidence and its history, but not change anything in it.</p>
      <p class="govuk-body">If you need a change made, ask the council's contact for the inspection.</p>
    </>
  );
}
