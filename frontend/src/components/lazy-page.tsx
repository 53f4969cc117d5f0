import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { toProblem } from "../api/problem";
import { ProblemPage } from "./problem-page";

/**
 * A page whose code is fetched the first time it is shown, so the first page a council laptop loads
 * carries only what the everyday pages need (the dashboard, areas, actions). Later visits use the
 * module already loaded; the browser caches the fingerprinted file.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyPage(props: P) {
    const [page, setPage] = useState<{ component: ComponentType<P> | null; failed: boolean }>({ component: loaded, failed: false });
    useEffect(() => {
      if (page.component) return;
      load().then(
        (component) => {
          loaded = component;
          setPage({ component, failed: false });
        },
        () => setPage({ component: null, failed: true }),
      );
    }, []);
    if (page.failed) return <ProblemPage problem={toProblem(undefined, 0)} />;
    if (!page.component) return <p class="govuk-body" role="status">Loading…</p>;
    const Page = page.component;
    return <Page {...props} />;
  };
}
