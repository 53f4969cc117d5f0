import { useState } from "preact/hooks";
import { takeFlash } from "../router/history";
import { NotificationBanner } from "./notification-banner";

/** The message the navigation to this page carried ("User created"), shown once. */
export function FlashBanner() {
  const [flash] = useState(takeFlash);
  return flash ? <NotificationBanner kind={flash.kind} heading={flash.text} /> : null;
}
