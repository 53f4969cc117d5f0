// The number of unread notifications in the header: read again on every page change and after the
// notifications page marks some read, so the header never lags behind.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../api/client";

let unread = 0;
const listeners = new Set<(count: number) => void>();

export async function refreshUnread(): Promise<void> {
  const page = await call(api.GET("/api/v1/notifications", { params: { query: { unread_only: true, limit: 1 } } }));
  if (!page.ok) return;
  unread = page.data.unread;
  for (const listener of listeners) listener(unread);
}

/** The count, refreshed whenever `visit` changes (each navigation). */
export function useUnread(signedIn: boolean, visit: number): number {
  const [count, setCount] = useState(unread);
  useEffect(() => {
    listeners.add(setCount);
    return () => void listeners.delete(setCount);
  }, []);
  useEffect(() => {
    if (signedIn) refreshUnread();
  }, [signedIn, visit]);
  return signedIn ? count : 0;
}
