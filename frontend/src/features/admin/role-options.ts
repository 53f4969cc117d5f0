import type { Option } from "../../components/select";
import { ROLE_NAMES, ROLES } from "../../lib/roles";

export const ROLE_OPTIONS: Option[] = ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role] }));
