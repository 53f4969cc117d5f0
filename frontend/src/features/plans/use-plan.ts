import { api, call } from "../../api/client";
import { useResource } from "../../lib/use-resource";

export function usePlan(planId: number) {
  return useResource(() => call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } })));
}
