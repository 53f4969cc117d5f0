import { api, call } from "../../api/client";
import { Loaded } from "../../components/loaded";
import { useResource } from "../../lib/use-resource";
import { DecisionsTable } from "./decisions-table";

/** On an action's page: what board meetings decided about it, or about its area. */
export function ActionDecisions({ actionId }: { actionId: number }) {
  const [resource] = useResource(() =>
    call(api.GET("/api/v1/actions/{action_id}/decisions", { params: { path: { action_id: actionId } } })));
  return (
    <Loaded resource={resource}>
      {(decisions) => <DecisionsTable decisions={decisions} showMeeting caption="Board decisions about this action" />}
    </Loaded>
  );
}
