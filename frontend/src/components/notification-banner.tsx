import { NotificationBanner as GovukNotificationBanner } from "govuk-frontend";
import type { ComponentChildren } from "preact";
import { takeFocusRequest } from "../router/history";
import type { Flash } from "../router/history";
import { useGovukModule } from "./govuk-module";

interface Props {
  kind: Flash["kind"];
  heading: string;
  children?: ComponentChildren;
}

/**
 * GOV.UK notification banner for what just happened ("User created", "Your session has ended"):
 * announced (role="alert") and focused by GOV.UK's script, instead of the page's <h1>.
 */
export function NotificationBanner({ kind, heading, children }: Props) {
  const root = useGovukModule<HTMLDivElement>(GovukNotificationBanner, takeFocusRequest);
  const success = kind === "success";
  return (
    <div class={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role="alert" aria-labelledby="notification-banner-title" data-module="govuk-notification-banner" ref={root}>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="notification-banner-title">{success ? "Success" : "Important"}</h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
