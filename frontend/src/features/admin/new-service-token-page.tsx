import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { NotificationBanner } from "../../components/notification-banner";
import { PageHeading } from "../../components/page-heading";
import { TextInput } from "../../components/text-input";
import { useFormErrors } from "../../lib/use-form-errors";
import { paths } from "../../router/routes";

type Created = components["schemas"]["ServiceTokenCreated"];

const FIELDS = {
  name: { id: "name", label: "Name", missing: "Enter the name of the system that will use the token" },
  expires_in_days: { id: "expires-in-days", label: "Days until it expires" },
};

export function NewServiceTokenPage() {
  const [created, setCreated] = useState<Created | null>(null);
  return created ? <TokenShownOnce token={created} /> : <CreateForm onCreated={setCreated} />;
}

function CreateForm({ onCreated }: { onCreated: (token: Created) => void }) {
  const [name, setName] = useState("");
  const [days, setDays] = useState("365");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    // Not a whole number (NaN is sent as null) is for the API to refuse: its 422 names the field.
    const result = await call(api.POST("/api/v1/service-tokens", { body: { name, expires_in_days: Number(days) } }));
    setBusy(false);
    if (result.ok) onCreated(result.data);
    else form.fail(result.problem);
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.serviceTokens()}>Back to service tokens</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Create a service token" hasErrors={!!form.errors} />
        <p class="govuk-body">The token can read every plan and nothing else.</p>
        <form noValidate onSubmit={submit}>
          <TextInput id="name" label="Name" hint="The system that will use it, for example 'Corporate performance dashboard'."
            value={name} onInput={setName} error={form.error("name")} />
          <TextInput id="expires-in-days" label="Days until it expires" hint="Up to 730 days (2 years)." inputMode="numeric"
            width="govuk-input--width-5" value={days} onInput={setDays} error={form.error("expires_in_days")} />
          <button type="submit" class="govuk-button">Create token</button>
        </form>
      </div>
    </div>
  );
}

function TokenShownOnce({ token }: { token: Created }) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <NotificationBanner kind="success" heading={`Service token created for ${token.name}`} />
        <PageHeading title="Copy the token now" />
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            This is the only time the token is shown. Only a fingerprint of it is kept, so nobody can show it
            again. If it is lost, revoke it and create another.
          </strong>
        </div>
        <p class="govuk-body">Put it in the other system's settings, not in an email or a document.</p>
        <h2 class="govuk-heading-s">Service token</h2>
        <code class="app-token" id="service-token">{token.token}</code>
        <p class="govuk-body govuk-!-margin-top-6">
          <a class="govuk-link" href={paths.serviceTokens()}>I have copied it: back to service tokens</a>
        </p>
      </div>
    </div>
  );
}
