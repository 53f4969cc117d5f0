import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Tag } from "../../components/tag";
import { formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { refreshUnread } from "./unread";

const LIMIT = 100;

type Notification = components["schemas"]["NotificationPublic"];

/**
 * Where a notification leads: its action, the role changes a director is asked to decide, or the
 * approvals of someone just named as a cover.
 */
function linkFor(item: Notification): string | undefined {
  if (item.action_id) return paths.action(item.action_id);
  if (item.kind === "role_change.requested") return paths.roleChanges();
  return item.kind === "delegation.named" ? paths.approvals() : undefined;
}

/** What happened to the user's proposals and what waits for them, newest first. */
export function NotificationsPage() {
  const { me } = useSession();
  const [resource] = useResource(() => call(api.GET("/api/v1/notifications", { params: { query: { limit: LIMIT } } })));
  const form = useFormErrors({});
  const readOnly = readsOnly(me);
  const done = (text: string) => navigate(paths.notifications(), { replace: true, flash: { kind: "success", text } });

  async function markRead(id: number) {
    const result = await call(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } }));
    if (!result.ok) return form.fail(result.problem);
    await refreshUnread();
    done(`“${result.data.title}” is marked as read`);
  }

  async function markAllRead() {
    const result = await call(api.POST("/api/v1/notifications/read-all"));
    if (!result.ok) return form.fail(result.problem);
    await refreshUnread();
    done("All your notifications are marked as read");
  }

  return (
    <Loaded resource={resource}>
      {(page) => (
        <>
          <FormErrors form={form} />
          <FlashBanner />
          <PageHeading title="Notifications" hasErrors={!!form.errors} />
          <p class="govuk-body">
            {page.unread === 0 ? "You have no unread notifications." : page.unread === 1 ? "You have 1 unread notification." : `You have ${page.unread} unread notifications.`}
          </p>
          {!readOnly && page.unread > 0 && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={markAllRead}>Mark all as read</button>
          )}
          {page.items.length === 0 ? <p class="govuk-body">You have no notifications.</p> : (
            <ul class="govuk-list app-notifications">
              {page.items.map((item) => (
                <li class={`app-notifications__item${item.read_at ? "" : " app-notifications__item--unread"}`} key={item.id}>
                  <h2 class="govuk-heading-s app-notifications__title">
                    {linkFor(item) ? <a class="govuk-link" href={linkFor(item)}>{item.title}</a> : item.title}
                    {!item.read_at && <> <Tag text="Unread" colour="blue" /></>}
                  </h2>
                  <p class="govuk-body-s app-notifications__meta">{formatDateTime(item.created_at)}</p>
                  {item.body && <p class="govuk-body app-preserve-lines">{item.body}</p>}
                  {!readOnly && !item.read_at && (
                    <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" onClick={() => markRead(item.id)}>
                      Mark as read<span class="govuk-visually-hidden">: {item.title}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {page.total > page.items.length && <p class="govuk-body">Showing the newest {page.items.length} of {page.total}.</p>}
        </>
      )}
    </Loaded>
  );
}
