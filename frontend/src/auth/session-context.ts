import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, call, type Result } from "../api/client";
import type { components } from "../api/schema";
import { can, type Me } from "./permissions";

export type PlanSummary = components["schemas"]["PlanSummary"];

/** Who is signed in, and the plans they may read (inspectors: only those granted to them). */
export interface SignedIn {
  me: Me;
  plans: PlanSummary[];
}

export async function loadSession(): Promise<Result<SignedIn>> {
  const me = await call(api.GET("/api/v1/users/me"));
  if (!me.ok) return me;
  if (!can(me.data, "plan:read")) return { ok: true, data: { me: me.data, plans: [] } };
  const plans = await call(api.GET("/api/v1/plans", { params: { query: { limit: 100 } } }));
  if (!plans.ok) return plans;
  return { ok: true, data: { me: me.data, plans: plans.data.items } };
}

export const SessionContext = createContext<SignedIn | null>(null);

/** For pages, which are only shown signed in. */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}
