// Counts in the header (unread notifications, decisions waiting): read again on every page change and
// after a page changes them, so the header never lags behind.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../api/client";

function counter(read: () => Promise<number | undefined>) {
  let value = 0;
  const listeners = new Set<(count: number) => void>();
  async function refresh(): Promise<void> {
    const count = await read();
    if (count === undefined) return;
    value = count;
    for (const listener of listeners) listener(value);
  }
  /** The count, refreshed whenever `visit` changes (each navigation). */
  function use(signedIn: boolean, visit: number): number {
    const [count, setCount] = useState(value);
    useEffect(() => {
      listeners.add(setCount);
      return () => void listeners.delete(setCount);
    }, []);
    useEffect(() => {
      if (signedIn) refresh();
    }, [signedIn, visit]);
    return signedIn ? count : 0;
  }
  return { refresh, use };
}

const unread = counter(async () => {
  const page = await call(api.GET("/api/v1/notifications", { params: { query: { unread_only: true, limit: 1 } } }));
  return page.ok ? page.data.unread : undefined;
});
const waiting = counter(async () => {
  const counts = await call(api.GET("/api/v1/queue/counts"));
  return counts.ok ? counts.data.total : undefined;
});

export const refreshUnread = unread.refresh;
export const useUnread = unread.use;
export const refreshWaiting = waiting.refresh;
export const useWaiting = waiting.use;
