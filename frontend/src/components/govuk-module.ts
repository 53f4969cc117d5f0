import { useEffect, useRef } from "preact/hooks";

type GovukComponent = new (root: Element) => unknown;

/**
 * Initialises a GOV.UK Frontend component on the element once it is in the page (after `before`,
 * if given). Components that must act again (an error summary taking focus after each failed
 * submit) are re-keyed by their parent, which gives a fresh element to initialise.
 */
export function useGovukModule<T extends Element>(component: GovukComponent, before?: () => void) {
  const root = useRef<T>(null);
  useEffect(() => {
    before?.();
    if (root.current) new component(root.current);
  }, []);
  return root;
}
