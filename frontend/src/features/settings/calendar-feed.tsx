// A calendar feed's address: made, shown once (only its hash is kept), renewed or stopped.
import { useState } from "preact/hooks";
import { api, call, type Result } from "../../api/client";
import type { components } from "../../api/schema";
import { FormErrors } from "../../components/form-errors";
import { formatDateTime } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { Loaded } from "../../components/loaded";

type Status = components["schemas"]["CalendarFeedStatus"];
type Created = components["schemas"]["CalendarFeedCreated"];

interface Props {
  /** A plan's board meetings (the director and assistant directors); without it, the person's own feed. */
  planId?: number;
  planTitle?: string;
}

function requests(planId?: number) {
  if (planId === undefined) {
    return {
      status: () => call(api.GET("/api/v1/users/me/calendar-feed")),
      renew: () => call(api.POST("/api/v1/users/me/calendar-feed")),
      revoke: () => call(api.DELETE("/api/v1/users/me/calendar-feed")),
    };
  }
  const params = { params: { path: { plan_id: planId } } };
  return {
    status: () => call(api.GET("/api/v1/users/me/calendar-feed/plans/{plan_id}", params)),
    renew: () => call(api.POST("/api/v1/users/me/calendar-feed/plans/{plan_id}", params)),
    revoke: () => call(api.DELETE("/api/v1/users/me/calendar-feed/plans/{plan_id}", params)),
  };
}

export function CalendarFeedSection({ planId, planTitle }: Props) {
  const calls = requests(planId);
  const [status, setStatus] = useResource<Status>(calls.status);
  const [created, setCreated] = useState<Created | null>(null);
  const [confirming, setConfirming] = useState<"renew" | "revoke" | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({});
  const id = planId === undefined ? "calendar-feed" : `board-feed-${planId}`;
  const title = planId === undefined ? "Calendar feed" : `Board meetings calendar: ${planTitle}`;

  async function run<T>(request: () => Promise<Result<T>>, done: (data: T) => void) {
    if (busy) return;
    setBusy(true);
    const result = await request();
    setBusy(false);
    setConfirming(null);
    if (!result.ok) return form.fail(result.problem);
    form.clear();
    done(result.data);
  }
  const renew = () => run(calls.renew, (data) => {
    setCreated(data);
    setStatus({ active: true, created_at: data.created_at });
  });
  const revoke = () => run(calls.revoke, () => {
    setCreated(null);
    setStatus({ active: false, created_at: null });
  });

  return (
    <section aria-labelledby={id} class="govuk-!-margin-bottom-8">
      <h2 class="govuk-heading-m" id={id}>{title}</h2>
      <FormErrors form={form} />
      <p class="govuk-body">
        {planId === undefined
          ? "Your calendar can show the due dates and milestones of the actions you own, and the dates of board meetings. It updates itself when they change."
          : "Your calendar can show every meeting of this plan's forums, and update itself when they change."}
      </p>
      <Loaded resource={status}>
        {(data) => (
          <div>
            {created ? <NewAddress created={created} id={id} />
              : data.active ? (
                <p class="govuk-body">
                  Your feed has been working since {formatDateTime(data.created_at!)}. We show its address only
                  once, when it is made. If you need it again, get a new address: the old one will stop working.
                </p>
              ) : <p class="govuk-body">You do not have a calendar feed.</p>}
            {confirming ? (
              <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
                <div class="govuk-warning-text__text">
                  <span class="govuk-visually-hidden">Warning</span>
                  {confirming === "revoke"
                    ? "Calendars that use this address will stop showing new dates."
                    : "The address you have now will stop working. You will need to add the new one to your calendar."}
                  <div class="govuk-button-group govuk-!-margin-top-4">
                    <button type="button" class={`govuk-button${confirming === "revoke" ? " govuk-button--warning" : ""}`}
                      disabled={busy} onClick={confirming === "revoke" ? revoke : renew}>
                      {confirming === "revoke" ? "Yes, stop the feed" : "Yes, get a new address"}
                    </button>
                    <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </div>
                </div>
              </div>
            ) : data.active ? (
              <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirming("renew")}>
                  Get a new address
                </button>
                <button type="button" class="govuk-button govuk-button--warning" onClick={() => setConfirming("revoke")}>
                  Stop the feed
                </button>
              </div>
            ) : (
              <button type="button" class="govuk-button" disabled={busy} onClick={renew}>Create a calendar feed</button>
            )}
          </div>
        )}
      </Loaded>
    </section>
  );
}

function NewAddress({ created, id }: { created: Created; id: string }) {
  const url = `${location.origin}${created.path}`;
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (an old browser, or not allowed): the address can still be selected
    }
  }
  return (
    <>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for={`${id}-url`}>Your calendar address</label>
        <div class="govuk-hint" id={`${id}-url-hint`}>
          Copy it now: we will not show it again. Keep it private: anyone with it can see these dates.
        </div>
        <input class="govuk-input" id={`${id}-url`} type="text" readOnly value={url} aria-describedby={`${id}-url-hint`}
          spellcheck={false} onFocus={(event) => (event.currentTarget as HTMLInputElement).select()} />
      </div>
      <button type="button" class="govuk-button govuk-button--secondary" onClick={copy}>Copy address</button>
      <p class="govuk-body" aria-live="polite">{copied ? "Address copied." : ""}</p>
      <h3 class="govuk-heading-s">Add it to your calendar</h3>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          <strong>Outlook on the web</strong>: open Calendar, select Add calendar, then Subscribe from web. Paste the
          address, give the calendar a name and select Import.
        </li>
        <li>
          <strong>Outlook on your computer</strong>: in Calendar, select Add calendar, then From internet. Paste the
          address and select OK.
        </li>
        <li>
          <strong>Google Calendar</strong>: on a computer, select the plus sign next to Other calendars, then From URL.
          Paste the address and select Add calendar.
        </li>
      </ul>
      <p class="govuk-body">Calendars look for changes every few hours, so a new date can take a while to appear.</p>
    </>
  );
}
