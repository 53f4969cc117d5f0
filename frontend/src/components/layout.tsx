import { ServiceNavigation, SkipLink } from "govuk-frontend";
import type { ComponentChildren } from "preact";
import type { SignedIn } from "../auth/session-context";
import { useUnread, useWaiting } from "../features/notifications/unread";
import { activeItem, navigationFor } from "../lib/navigation";
import { ROLE_NAMES } from "../lib/roles";
import { paths } from "../router/routes";
import { useGovukModule } from "./govuk-module";

interface Props {
  session: SignedIn | null;
  pathname: string;
  /** Counts navigations: the unread notifications are counted again on each. */
  visit: number;
  children: ComponentChildren;
}

/**
 * The page template without GOV.UK branding: a generic header with the council's name (from the
 * plan, so only once it can be read), the service name and navigation, and a plain footer (GOV.UK's
 * footer component carries the crown).
 */
export function Layout({ session, pathname, visit, children }: Props) {
  const skipLink = useGovukModule<HTMLAnchorElement>(SkipLink);
  const organisation = session?.plans[0]?.organisation;
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link" ref={skipLink}>Skip to main content</a>
      <header>
        {organisation && (
          <div class="govuk-generic-header">
            <div class="govuk-generic-header__container govuk-width-container">
              <div class="govuk-generic-header__logo">
                <a href={paths.home()} class="govuk-generic-header__homepage-link">{organisation}</a>
              </div>
            </div>
          </div>
        )}
        {/* Re-created on sign-in, so GOV.UK's script wires the mobile menu toggle that only then exists. */}
        <Navigation key={session ? "signed-in" : "signed-out"} session={session} pathname={pathname} visit={visit} />
      </header>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <footer class="app-footer">
        <div class="govuk-width-container">
          <h2 class="govuk-visually-hidden">Support links</h2>
          <a class="govuk-link" href="/api/v1/docs">API documentation</a>
          {session && <> · <a class="govuk-link" href={paths.signOutEverywhere()}>End all your sessions</a></>}
        </div>
      </footer>
    </>
  );
}

function Navigation({ session, pathname, visit }: { session: SignedIn | null; pathname: string; visit: number }) {
  const root = useGovukModule<HTMLElement>(ServiceNavigation);
  const unread = useUnread(!!session, visit);
  const waiting = useWaiting(!!session, visit);
  const items = session ? navigationFor(session.me, session.plans[0]?.id, unread, waiting) : [];
  const active = activeItem(items, pathname);
  return (
    <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation" ref={root}>
      <div class="govuk-width-container govuk-service-navigation__inlining-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name">
            <a href={paths.home()} class="govuk-service-navigation__link">actionplan</a>
          </span>
          {items.length > 0 && (
            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
              <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls="navigation" hidden aria-hidden="true">Menu</button>
              <ul class="govuk-service-navigation__list" id="navigation">
                {items.map((item) => (
                  <li key={item.href} class={`govuk-service-navigation__item${item === active ? " govuk-service-navigation__item--active" : ""}`}>
                    <a class="govuk-service-navigation__link" href={item.href} aria-current={item === active ? "page" : undefined}>
                      {item === active ? <strong class="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                      {!!item.count && <span class="app-count"> {item.count}<span class="govuk-visually-hidden"> {item.countLabel}</span></span>}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
        {session && <p class="app-signed-in">{session.me.name} ({ROLE_NAMES[session.me.role]})</p>}
      </div>
    </section>
  );
}
