import { api, call } from "../../api/client";
import type { Acronym } from "../actions/action-text";

/**
 * The acronyms of each of these plans, as their glossaries spell them out, for `<abbr>` in the
 * plans' texts. A plan that cannot be read has none: its texts still read without them.
 */
export async function acronymsOf(planIds: Iterable<number>): Promise<Map<number, Acronym[]>> {
  const ids = [...new Set(planIds)];
  const plans = await Promise.all(ids.map((id) => call(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: id } } }))));
  return new Map(ids.map((id, i) => {
    const plan = plans[i];
    return [id, plan.ok ? plan.data.acronyms : []];
  }));
}
