import { api, call, ok } from "../../api/client";
import { useResource } from "../../lib/use-resource";

/**
 * An action and its ETag, for a page that changes it: the change sends the ETag back in If-Match,
 * so a change someone else made since the page was opened is refused (412), not overwritten.
 */
export function useAction(actionId: number) {
  return useResource(async () => {
    const read = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: actionId } } }));
    return read.ok ? ok({ action: read.data, etag: read.etag }) : read;
  });
}
