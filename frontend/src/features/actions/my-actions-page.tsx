import { api, call } from "../../api/client";
import { useSession } from "../../auth/session-context";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { useResource } from "../../lib/use-resource";
import { ActionsTable } from "./actions-table";

export function MyActionsPage() {
  const { me } = useSession();
  const [resource] = useResource(() => call(api.GET("/api/v1/actions", { params: { query: { owner_id: me.id, limit: 500 } } })));
  return (
    <Loaded resource={resource}>
      {(page) => (
        <>
          <PageHeading title="My actions" />
          {page.total === 0
            ? <p class="govuk-body">You do not own any actions.</p>
            : <ActionsTable caption="Actions you own" actions={page.items} />}
        </>
      )}
    </Loaded>
  );
}
