import type { VNode } from "preact";
import { useState } from "preact/hooks";
import type { Result } from "../../api/client";

export interface Page<T> {
  items: T[];
  next_offset: number | null;
}

/** The biggest page the API gives: "Show all" fetches the rest in as few requests as it can. */
export const ALL_PAGE = 500;

/**
 * The first page of one of the board report's lists, and a "Show all" button when there are more
 * (a large plan has hundreds of Reds or overdue actions; the API sends them a page at a time). The
 * button is not printed: show all first to print every line.
 */
export function PagedList<T>({ first, total, noun, load, children }: {
  first: Page<T>;
  total: number;
  noun: string;
  load: (offset: number) => Promise<Result<Page<T>>>;
  children: (items: T[]) => VNode;
}) {
  const [items, setItems] = useState(first.items);
  const [next, setNext] = useState(first.next_offset);
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");

  async function showAll() {
    if (state === "loading" || next === null) return;
    setState("loading");
    let shown = items;
    let offset: number | null = next;
    while (offset !== null) {
      const page = await load(offset);
      if (!page.ok) {
        setState("failed");
        return;
      }
      shown = [...shown, ...page.data.items];
      offset = page.data.next_offset;
      setItems(shown);
      setNext(offset);
    }
    setState("idle");
  }

  return (
    <>
      {children(items)}
      {next !== null && (
        <div class="app-no-print">
          <p class="govuk-body" role="status">
            Showing {items.length} of {total} {noun}.{state === "failed" && " The rest could not be loaded: try again."}
          </p>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={showAll} disabled={state === "loading"}
            aria-disabled={state === "loading"}>
            {state === "loading" ? "Loading…" : `Show all ${total} ${noun}`}
          </button>
        </div>
      )}
    </>
  );
}
