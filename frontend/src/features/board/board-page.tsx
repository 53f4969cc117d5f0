import { api, call, ok } from "../../api/client";
import { can, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { BackLink } from "../../components/back-link";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { formatDate } from "../../lib/dates";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { MEETING_STATES } from "./board-text";

/** The forums the plan reports to, and their meetings about it, latest first. */
export function BoardPage({ planId }: { planId: number }) {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const [plan, forums, meetings] = await Promise.all([
      call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } })),
      call(api.GET("/api/v1/forums")),
      call(api.GET("/api/v1/plans/{plan_id}/meetings", { params: { path: { plan_id: planId } } })),
    ]);
    if (!plan.ok) return plan;
    if (!forums.ok) return forums;
    if (!meetings.ok) return meetings;
    return ok({ plan: plan.data, forums: forums.data, meetings: meetings.data.items });
  });
  return (
    <Loaded resource={resource}>
      {({ plan, forums, meetings }) => (
        <>
          <BackLink href={paths.plan(planId)}>Back to the plan</BackLink>
          <FlashBanner />
          <PageHeading title="Board meetings" caption={plan.title} />
          <p class="govuk-body">
            The forums this plan reports to. Closing a meeting's papers freezes its pack as it stood; the meeting's pack
            is always made from that.
          </p>
          {!readsOnly(me) && can(me, "meeting:manage") && (
            <a class="govuk-button" href={paths.newMeeting(planId)}>Schedule a meeting</a>
          )}
          {forums.map((forum) => {
            const mine = meetings.filter((m) => m.forum.id === forum.id);
            return (
              <section key={forum.id} aria-labelledby={`forum-${forum.id}`}>
                <h2 class="govuk-heading-m" id={`forum-${forum.id}`}>{forum.name}</h2>
                <p class="govuk-body">{forum.description} {forum.cadence && <span class="govuk-hint">({forum.cadence})</span>}</p>
                {mine.length === 0 ? <p class="govuk-body">No meeting scheduled.</p> : (
                  <table class="govuk-table app-stack">
                    <caption class="govuk-table__caption govuk-visually-hidden">Meetings of the {forum.name}</caption>
                    <thead class="govuk-table__head">
                      <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">Date</th>
                        <th scope="col" class="govuk-table__header">Title</th>
                        <th scope="col" class="govuk-table__header">Papers</th>
                      </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                      {mine.map((m) => (
                        <tr class="govuk-table__row" key={m.id}>
                          <td class="govuk-table__cell" data-label="Date"><a class="govuk-link" href={paths.meeting(m.id)}>{formatDate(m.held_on)}</a></td>
                          <td class="govuk-table__cell" data-label="Title">{m.title || "—"}</td>
                          <td class="govuk-table__cell" data-label="Papers">{MEETING_STATES[m.state]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            );
          })}
        </>
      )}
    </Loaded>
  );
}
