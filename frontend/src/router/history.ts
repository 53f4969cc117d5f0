// Client-side navigation over the History API: plain <a href> links everywhere, intercepted here,
// so every link also works opened in a new tab, and the browser's back button just works.
import { useEffect, useState } from "preact/hooks";

export interface Flash {
  text: string;
  kind: "success" | "important";
}

export interface Place {
  pathname: string;
  search: string;
  /** Counts navigations, so going to the page you are on loads it afresh, as a browser would. */
  visit: number;
}

const listeners = new Set<() => void>();
let flash: Flash | null = null;
// After a navigation the next page's <h1> takes focus; not on the first load, where the skip
// link must stay the first thing a keyboard user reaches.
let focusRequested = false;
let visit = 0;

function changed(): void {
  focusRequested = true;
  visit += 1;
  for (const listener of listeners) listener();
}

export function navigate(to: string, options: { replace?: boolean; flash?: Flash } = {}): void {
  flash = options.flash ?? null;
  history[options.replace ? "replaceState" : "pushState"](null, "", to);
  changed();
}

window.addEventListener("popstate", () => {
  flash = null;
  changed();
});

/** The message the last navigation carried (e.g. "User created"), once. */
export function takeFlash(): Flash | null {
  const taken = flash;
  flash = null;
  return taken;
}

export function takeFocusRequest(): boolean {
  const taken = focusRequested;
  focusRequested = false;
  return taken;
}

function here(): Place {
  return { pathname: location.pathname, search: location.search, visit };
}

export function currentPath(): string {
  return location.pathname + location.search;
}

export function useLocation(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    listeners.add(update);
    // A child may have navigated (a redirect) before this effect subscribed: catch up.
    if (visit !== place.visit) update();
    return () => void listeners.delete(update);
  }, []);
  return place;
}

/** Turns clicks on same-site links into client-side navigation; leaves everything else to the browser. */
export function interceptLinks(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    // In-page anchors: the skip link and the error summary's links to fields.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
