import type { Option } from "../../components/select";
import { ROLE_NAMES, ROLES } from "../../lib/roles";

export const ROLES_HINT = "A director, an assistant director or an inspector holds the role only once a director confirms it.";

export const ROLE_OPTIONS: Option[] = ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role] }));
