import type { ComponentChildren } from "preact";

export function BackLink({ href, children }: { href: string; children: ComponentChildren }) {
  return <a href={href} class="govuk-back-link">{children}</a>;
}
