import type { components } from "../api/schema";

export type Role = components["schemas"]["Role"];

/** Typed as a Record so a role added to the API fails the build until it has a name here. */
export const ROLE_NAMES: Record<Role, string> = {
  action_owner: "Action owner",
  head_of_service: "Head of Service",
  assistant_director: "Assistant director",
  director: "Director",
  inspector: "Inspector",
  admin: "Administrator",
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

/**
 * Who may own an action: the officers who record progress. The API refuses anyone else (its
 * OWNER_ROLES); it offers no query for "who can own", so the list of people to choose from is
 * filtered with this.
 */
export const OWNER_ROLES: Role[] = ["action_owner", "head_of_service", "assistant_director", "director"];
