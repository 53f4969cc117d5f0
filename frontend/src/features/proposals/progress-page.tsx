import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Textarea } from "../../components/textarea";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { refText } from "../actions/action-text";
import { useAction } from "../actions/use-action";

type Action = components["schemas"]["ActionPublic"];

const FIELDS = { text: { id: "progress", label: "Progress", missing: "Enter what has happened" } };

export function ProgressPage({ actionId }: { actionId: number }) {
  const [resource] = useAction(actionId);
  return <Loaded resource={resource}>{(data) => <ProgressForm {...data} />}</Loaded>;
}

/** A progress note: kept in the action's history, changes no status. */
function ProgressForm({ action, etag }: { action: Action; etag?: string }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = (text.trim() ? { text } : {}) as { text: string };
    const result = await call(api.POST("/api/v1/actions/{action_id}/progress", {
      params: { path: { action_id: action.id }, header: ifMatch(etag) },
      body,
    }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem));
    navigate(paths.action(action.id), { flash: { kind: "success", text: `Progress recorded on action ${action.ref}` } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Record progress" caption={`Action ${refText(action)}`} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Textarea id="progress" label="What has happened?" labelSize="m"
            hint="It is kept in the action's history. It does not change the status: propose a status change for that."
            value={text} onInput={setText} error={form.error("text")} />
          <button type="submit" class="govuk-button">Record progress</button>
        </form>
      </div>
    </div>
  );
}
