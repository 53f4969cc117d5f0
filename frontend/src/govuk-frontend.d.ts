// govuk-frontend ships no type declarations; these are the components the SPA initialises.
declare module "govuk-frontend" {
  type GovukComponent = new (root: Element, config?: object) => unknown;
  export const ErrorSummary: GovukComponent;
  export const NotificationBanner: GovukComponent;
  export const ServiceNavigation: GovukComponent;
  export const SkipLink: GovukComponent;
}
