import { api, call, ok } from "../../api/client";
import { useSession } from "../../auth/session-context";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { formatDate } from "../../lib/dates";
import { STATUSES } from "../../lib/rag";
import { useResource } from "../../lib/use-resource";
import { acronymsOf } from "../plans/acronyms";
import { ActionsTable } from "./actions-table";

export function MyActionsPage() {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const pending = { params: { query: { state: "pending" as const, limit: 500 } } };
    const [actions, proposals, reschedules] = await Promise.all([
      call(api.GET("/api/v1/actions", { params: { query: { owner_id: me.id, limit: 500 } } })),
      call(api.GET("/api/v1/proposals", pending)),
      call(api.GET("/api/v1/reschedules", pending)),
    ]);
    if (!actions.ok) return actions;
    // What waits for a decision on each action, so a status that has not moved yet does not mislead.
    const waiting = new Map<number, string[]>();
    const add = (actionId: number, text: string) => waiting.set(actionId, [...(waiting.get(actionId) ?? []), text]);
    if (proposals.ok) for (const p of proposals.data.items) add(p.action_id, `${STATUSES[p.to_status].label} proposed`);
    if (reschedules.ok) for (const r of reschedules.data.items) add(r.action_id, `New due date ${formatDate(r.to_due_on)} asked for`);
    return ok({ page: actions.data, waiting, acronyms: await acronymsOf(actions.data.items.map((a) => a.plan_id)) });
  });
  return (
    <Loaded resource={resource}>
      {({ page, waiting, acronyms }) => (
        <>
          <PageHeading title="My actions" />
          {page.items.length === 0
            ? <p class="govuk-body">You do not own any actions.</p>
            : <ActionsTable caption="Actions you own" actions={page.items} waiting={waiting} acronyms={acronyms} />}
        </>
      )}
    </Loaded>
  );
}
