import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { FormErrors } from "../components/form-errors";
import { PageHeading } from "../components/page-heading";
import { useFormErrors } from "../lib/use-form-errors";
import { clearToken } from "./session";

/** For a lost phone or a shared computer left signed in: ends every session, this one included. */
export function SignOutEverywherePage({ onSignedOut }: { onSignedOut: () => void }) {
  const form = useFormErrors({});
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await call(api.POST("/api/v1/users/me/sign-out-everywhere"));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    clearToken();
    onSignedOut();
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <FormErrors form={form} />
        <PageHeading title="Sign out everywhere" hasErrors={!!form.errors} />
        <p class="govuk-body">
          This signs you out on every computer, phone and browser where you are signed in to actionplan,
          including this one. Use it if you have lost a device or left yourself signed in somewhere.
        </p>
        <form noValidate onSubmit={submit}>
          <button type="submit" class="govuk-button govuk-button--warning">Sign out everywhere</button>
        </form>
      </div>
    </div>
  );
}
