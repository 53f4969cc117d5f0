import type { components } from "../../api/schema";

type ServiceToken = components["schemas"]["ServiceTokenPublic"];

/** Whether a service token still works, in a word for its tag. */
export function tokenState(token: ServiceToken, now: Date = new Date()): { text: string; tag: string } {
  if (token.revoked_at) return { text: "Revoked", tag: "govuk-tag--red" };
  if (new Date(token.expires_at) <= now) return { text: "Expired", tag: "govuk-tag--grey" };
  return { text: "Live", tag: "govuk-tag--green" };
}
