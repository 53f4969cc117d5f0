import { useEffect } from "preact/hooks";
import { navigate } from "../router/history";

/** Replaces the current history entry, so Back does not land on the page that redirected. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
