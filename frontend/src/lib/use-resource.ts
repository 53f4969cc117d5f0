import { useEffect, useState } from "preact/hooks";
import type { Result } from "../api/client";
import type { Problem } from "../api/problem";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "failed"; problem: Problem };

/**
 * Loads a page's data once per mount (every navigation mounts the page afresh, see app.tsx);
 * `replace` swaps in what a successful change returned.
 */
export function useResource<T>(load: () => Promise<Result<T>>): [Resource<T>, (data: T) => void] {
  const [resource, setResource] = useState<Resource<T>>({ status: "loading" });
  useEffect(() => {
    let current = true;
    load().then((result) => {
      if (current) setResource(result.ok ? { status: "ready", data: result.data } : { status: "failed", problem: result.problem });
    });
    return () => void (current = false);
  }, []);
  return [resource, (data: T) => setResource({ status: "ready", data })];
}
