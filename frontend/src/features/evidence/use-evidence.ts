import { api, call, ok } from "../../api/client";
import { useResource } from "../../lib/use-resource";

/** An evidence item with its home action, the one whose people decide what may be done with it. */
export function useEvidenceOnHome(evidenceId: number) {
  return useResource(async () => {
    const evidence = await call(api.GET("/api/v1/evidence/{evidence_id}", { params: { path: { evidence_id: evidenceId } } }));
    if (!evidence.ok) return evidence;
    const action = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: evidence.data.home_action_id } } }));
    if (!action.ok) return action;
    return ok({ evidence: evidence.data, action: action.data });
  });
}
