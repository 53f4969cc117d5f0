import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import type { components } from "../../api/schema";
import { readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { RagTag } from "../../components/rag-tag";
import { datePartsToIso, formatDate, formatDateTime, isoToParts, type DateParts } from "../../lib/dates";
import { STATUS_ORDER, STATUSES } from "../../lib/rag";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { AbbrText } from "../actions/abbr-text";
import type { Acronym } from "../actions/action-text";
import { MeasuresList } from "../measures/measures-table";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { actionCount, PackDownloads } from "./pack-downloads";
import { ALL_PAGE, PagedList } from "./paged-list";
import { reportAsOf, reportQuery } from "./report-dates";

type Summary = components["schemas"]["BoardSummary"];
type Lists = {
  moved: components["schemas"]["MovementsPage"] | null;
  overdue: components["schemas"]["OverduePage"];
  reds: components["schemas"]["RedsPage"];
};
type Meeting = components["schemas"]["MeetingPublic"];
type MeetingRef = components["schemas"]["MeetingRef"];
interface ReportDates {
  asOf: string;
  since: string | null;
  previous: MeetingRef | null;
  meeting: Meeting | null;
}

const FIELDS = {
  as_of: { id: "as-of", label: "As at", missing: "Enter the date the report is as at", invalid: "The date must be a real date, for example 31 3 2019" },
  since: { id: "since", label: "Since", missing: "Enter the date to compare with", invalid: "The date must be a real date, for example 31 12 2018" },
};

/**
 * The board's first page: the plan as approved at a date, what moved since the last board, what is
 * overdue, every Red with its exception report. Printed on A4 without the navigation or buttons.
 */
export function BoardReportPage({ planId }: { planId: number }) {
  const { me } = useSession();
  const query = reportQuery(location.search);
  const [resource] = useResource(async () => {
    // Opened for a meeting: as at its day, compared with the same forum's meeting before it.
    let meeting: Meeting | null = null;
    if (query.meetingId !== null) {
      const read = await call(api.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: query.meetingId } } }));
      if (!read.ok) return read;
      meeting = read.data;
    }
    const asOf = reportAsOf(query, meeting?.held_on ?? null);
    let since = query.since;
    let previous: MeetingRef | null = null;
    if (since === null) {
      const found = await call(api.GET("/api/v1/plans/{plan_id}/meetings/previous", {
        params: { path: { plan_id: planId }, query: { before: asOf, forum: meeting?.forum.slug ?? "improvement-board" } },
      }));
      if (!found.ok) return found;
      since = found.data.since ?? null;
      previous = found.data.meeting ?? null;
    }
    const dates: ReportDates = { asOf, since, previous, meeting };
    const path = { plan_id: planId };
    const [plan, report, moved, overdue, reds, measures] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path } })),
      call(api.GET("/api/v1/plans/{plan_id}/summary", { params: { path, query: { as_of: asOf, ...(since ? { since } : {}) } } })),
      since ? loadMoved(planId, asOf, since, 0) : Promise.resolve(ok(null)),
      loadOverdue(planId, dates, 0),
      loadReds(planId, dates, 0),
      call(api.GET("/api/v1/plans/{plan_id}/measures", { params: { path, query: { as_of: asOf } } })),
    ]);
    if (!plan.ok) return plan;
    if (!report.ok) return report;
    if (!moved.ok) return moved;
    if (!overdue.ok) return overdue;
    if (!reds.ok) return reds;
    if (!measures.ok) return measures;
    return ok({ plan: plan.data, report: report.data, lists: { moved: moved.data, overdue: overdue.data, reds: reds.data },
      measures: measures.data, dates });
  });
  return (
    <Loaded resource={resource}>
      {({ plan, report, lists, measures, dates }) => (
        <>
          <PageHeading title={`Board report as at ${formatDate(dates.asOf)}`}
            caption={dates.meeting ? `${plan.title}: ${dates.meeting.forum.name}, ${formatDate(dates.meeting.held_on)}` : plan.title} />
          <p class="govuk-body">
            Statuses as approved at the end of {formatDate(dates.asOf)}, London time; {sinceText(dates)}.
          </p>
          {report.plan_version && (
            <p class="govuk-body">
              The plan as in <a class="govuk-link" href={paths.planVersions(planId)}>version {report.plan_version.number}</a>,
              in effect from {formatDate(report.plan_version.effective_on)}.
            </p>
          )}
          {/* An inspector reads the report and prints it; choosing dates is a form, which they are not given. */}
          {!readsOnly(me) && <DatesForm planId={planId} dates={dates} />}
          <button type="button" class="govuk-button govuk-button--secondary app-no-print" onClick={() => window.print()}>Print</button>
          <PackDownloads key={`${dates.asOf}/${dates.since}`} planId={planId} slug={plan.slug} actions={actionCount(plan.areas)} asOf={dates.asOf} since={dates.since ?? undefined} />
          <ReportBody planId={planId} report={report} lists={lists} dates={dates} acronyms={plan.acronyms} />
          <h2 class="govuk-heading-m">Measures</h2>
          <p class="govuk-body">Readings entered by the end of {formatDate(dates.asOf)}; a suggested status is advice only.</p>
          <MeasuresList measures={measures} />
          <p class="govuk-body-s app-report__footer">Printed from actionplan on {formatDateTime(new Date().toISOString())}.</p>
        </>
      )}
    </Loaded>
  );
}

function sinceText(dates: ReportDates): string {
  if (!dates.since) return "no earlier meeting to compare with";
  const meeting = dates.previous ? ` (the ${dates.previous.forum.name} meeting)` : "";
  return `changes since the end of ${formatDate(dates.since)}${meeting}`;
}

// The first page of each list comes with the report; "Show all" asks for the rest in the biggest pages.
function loadMoved(planId: number, asOf: string, since: string, offset: number) {
  const query = { as_of: asOf, since, offset, limit: offset ? ALL_PAGE : undefined };
  return call(api.GET("/api/v1/plans/{plan_id}/summary/moved", { params: { path: { plan_id: planId }, query } }));
}

function loadOverdue(planId: number, dates: ReportDates, offset: number) {
  const query = { as_of: dates.asOf, offset, limit: offset ? ALL_PAGE : undefined };
  return call(api.GET("/api/v1/plans/{plan_id}/summary/overdue", { params: { path: { plan_id: planId }, query } }));
}

function loadReds(planId: number, dates: ReportDates, offset: number) {
  const query = { as_of: dates.asOf, offset, limit: offset ? ALL_PAGE : undefined };
  return call(api.GET("/api/v1/plans/{plan_id}/summary/reds", { params: { path: { plan_id: planId }, query } }));
}

function DatesForm({ planId, dates }: { planId: number; dates: ReportDates }) {
  const [asOf, setAsOf] = useState<DateParts>(isoToParts(dates.asOf));
  const [since, setSince] = useState<DateParts>(dates.since ? isoToParts(dates.since) : { day: "", month: "", year: "" });
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    // Left blank, "since" is the previous meeting's day again.
    const blank = !since.day && !since.month && !since.year;
    const chosen = { as_of: datePartsToIso(asOf), ...(blank ? {} : { since: datePartsToIso(since) }) };
    // The API checks the dates: a report is only linked to once it has answered for them.
    setBusy(true);
    const check = await call(api.GET("/api/v1/plans/{plan_id}/summary", { params: { path: { plan_id: planId }, query: chosen } }));
    setBusy(false);
    if (!check.ok) return form.fail(check.problem);
    navigate(paths.boardReport(planId, chosen));
  }

  return (
    <form noValidate onSubmit={submit} class="app-no-print">
      <FormErrors form={form} />
      <div class="app-report__dates">
        <DateInput id="as-of" legend="As at" hint="For example 31 3 2019." value={asOf} onInput={setAsOf} error={form.error("as_of")} />
        <DateInput id="since" legend="Changes since" hint="Leave blank for the previous meeting, or enter a date, for example 31 12 2018." value={since} onInput={setSince}
          error={form.error("since")} />
      </div>
      <button type="submit" class="govuk-button">Show the report</button>
    </form>
  );
}

function ReportBody({ planId, report, lists, dates, acronyms }: { planId: number; report: Summary; lists: Lists; dates: ReportDates; acronyms: Acronym[] }) {
  const words = (text: string | null) => (text ? <AbbrText text={text} acronyms={acronyms} /> : "No exception report");
  const count = (counts: Record<string, number>, status: string) => counts[status] ?? 0;
  const sum = (counts: Record<string, number>) => STATUS_ORDER.reduce((total, status) => total + count(counts, status), 0);
  return (
    <div class="app-report">
      <h2 class="govuk-heading-m">Status by area</h2>
      <table class="govuk-table app-stack app-report__table">
        <caption class="govuk-table__caption govuk-visually-hidden">Number of actions at each status, by area, as at {formatDate(dates.asOf)}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Area</th>
            {STATUS_ORDER.map((status) => (
              <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={status}>{STATUSES[status].label}</th>
            ))}
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">All</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {report.areas.map((area) => (
            <tr class="govuk-table__row" key={area.area_id}>
              <th scope="row" class="govuk-table__header">{area.number}. <AbbrText text={area.title} acronyms={acronyms} /></th>
              {STATUS_ORDER.map((status) => (
                <td class="govuk-table__cell govuk-table__cell--numeric" key={status} data-label={STATUSES[status].label}>{count(area.status_counts, status)}</td>
              ))}
              <td class="govuk-table__cell govuk-table__cell--numeric" data-label="All">{sum(area.status_counts)}</td>
            </tr>
          ))}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">The plan</th>
            {STATUS_ORDER.map((status) => (
              <td class="govuk-table__cell govuk-table__cell--numeric" key={status} data-label={STATUSES[status].label}><strong>{count(report.status_counts, status)}</strong></td>
            ))}
            <td class="govuk-table__cell govuk-table__cell--numeric" data-label="All"><strong>{sum(report.status_counts)}</strong></td>
          </tr>
        </tbody>
      </table>

      <h2 class="govuk-heading-m">{dates.since ? `What moved since ${formatDate(dates.since)}` : "What moved"}</h2>
      {!lists.moved ? <p class="govuk-body">There is no earlier meeting to compare with.</p>
        : report.moved_count === 0 ? <p class="govuk-body">No action changed status.</p> : (
        <PagedList first={lists.moved} total={report.moved_count ?? 0} noun="actions that moved"
          load={(offset) => loadMoved(planId, dates.asOf, dates.since!, offset)}>{(moved) => (
        <table class="govuk-table app-stack app-report__table">
          <caption class="govuk-table__caption govuk-visually-hidden">Actions whose approved status changed{dates.since ? ` since ${formatDate(dates.since)}` : ""}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Action</th>
              <th scope="col" class="govuk-table__header">From</th>
              <th scope="col" class="govuk-table__header">To</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {moved.map((move) => (
              <tr class="govuk-table__row" key={move.action_id}>
                <th scope="row" class="govuk-table__header" data-label="Action"><a class="govuk-link" href={paths.action(move.action_id)}>{move.ref}</a></th>
                <td class="govuk-table__cell" data-label="From"><RagTag status={move.from_status} /></td>
                <td class="govuk-table__cell" data-label="To"><RagTag status={move.to_status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        )}</PagedList>
      )}

      <h2 class="govuk-heading-m">Overdue</h2>
      {report.overdue_count === 0 ? <p class="govuk-body">No action was overdue.</p> : (
        <PagedList first={lists.overdue} total={report.overdue_count} noun="overdue actions"
          load={(offset) => loadOverdue(planId, dates, offset)}>{(overdue) => (
        <table class="govuk-table app-stack app-report__table">
          <caption class="govuk-table__caption govuk-visually-hidden">Actions overdue as at {formatDate(dates.asOf)}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Action</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Was due</th>
              <th scope="col" class="govuk-table__header">Owner</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {overdue.map((action) => (
              <tr class="govuk-table__row" key={action.action_id}>
                <th scope="row" class="govuk-table__header" data-label="Action"><a class="govuk-link" href={paths.action(action.action_id)}>{action.ref}</a></th>
                <td class="govuk-table__cell" data-label="Status"><RagTag status={action.status} /></td>
                <td class="govuk-table__cell" data-label="Was due">{action.due_on ? formatDate(action.due_on) : "No date set"}</td>
                <td class="govuk-table__cell" data-label="Owner">{action.owner?.name ?? "No owner"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        )}</PagedList>
      )}

      <h2 class="govuk-heading-m">Red actions and their exception reports</h2>
      {report.red_count === 0 ? <p class="govuk-body">No action was Red.</p> : (
        <PagedList first={lists.reds} total={report.red_count} noun="Red actions"
          load={(offset) => loadReds(planId, dates, offset)}>{(reds) => <>{reds.map((red) => (
        <section class="app-report__red" key={red.action_id} aria-labelledby={`red-${red.action_id}`}>
          <h3 class="govuk-heading-s" id={`red-${red.action_id}`}>
            <a class="govuk-link" href={paths.action(red.action_id)}>Action {red.ref}</a> <RagTag status="red" />
          </h3>
          <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">Why it is off track</dt>
              <dd class="govuk-summary-list__value app-preserve-lines">{words(red.reason)}</dd>
            </div>
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">What is being done to recover</dt>
              <dd class="govuk-summary-list__value app-preserve-lines">{words(red.mitigation)}</dd>
            </div>
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">Revised date</dt>
              <dd class="govuk-summary-list__value">{red.revised_due_on ? formatDate(red.revised_due_on) : "None"}</dd>
            </div>
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">Approved</dt>
              <dd class="govuk-summary-list__value">{red.approved_at ? formatDateTime(red.approved_at) : "Not recorded"}</dd>
            </div>
          </dl>
        </section>
      ))}</>}</PagedList>
      )}

      <h2 class="govuk-heading-m">Due dates</h2>
      <ul class="govuk-list">
        <li>{report.rescheduled_with_approval} {report.rescheduled_with_approval === 1 ? "action was" : "actions were"} re-scheduled with approval</li>
        <li>{report.kept_due_date} {report.kept_due_date === 1 ? "action keeps" : "actions keep"} the due date first planned</li>
      </ul>
      {report.pending_proposals !== null && (
        <>
          <h2 class="govuk-heading-m">Waiting for a decision</h2>
          <p class="govuk-body">
            {report.pending_proposals === 0 ? "No proposed status change is" : report.pending_proposals === 1
              ? "1 proposed status change is" : `${report.pending_proposals} proposed status changes are`} waiting for a decision now.
          </p>
        </>
      )}
    </div>
  );
}
