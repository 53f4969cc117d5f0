import { useEffect, useRef } from "preact/hooks";
import { takeFocusRequest } from "../router/history";

interface Props {
  title: string;
  caption?: string;
  /** The page shows an error summary: GOV.UK prefixes the page title with "Error: ". */
  hasErrors?: boolean;
}

/**
 * The page's <h1>. It names the page in the browser's title and, after a navigation, takes focus
 * so a screen reader announces the new page (a SPA does not reload, so nothing else would).
 */
export function PageHeading({ title, caption, hasErrors = false }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocusRequest()) heading.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${hasErrors ? "Error: " : ""}${title} – actionplan`;
  }, [title, hasErrors]);
  return (
    <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
      {caption && <span class="govuk-caption-l">{caption}</span>}
      {title}
    </h1>
  );
}
