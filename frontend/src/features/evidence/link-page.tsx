import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { fieldName, type Problem } from "../../api/problem";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { TextInput } from "../../components/text-input";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { refText } from "../actions/action-text";
import { useAction } from "../actions/use-action";
import { DescribeFields } from "./describe-fields";
import { DESCRIBE_FIELDS, describedFields, NOT_DESCRIBED, type Described } from "./evidence-fields";

type Action = components["schemas"]["ActionPublic"];
type LinkCreate = components["schemas"]["EvidenceLinkCreate"];

const FIELDS = {
  // Not an API field: which of the two the link is. The API takes one of url and case_reference.
  where: { id: "where", label: "Where it is", missing: "Choose whether it is a web page or a case record" },
  url: { id: "url", label: "Web address", missing: "Enter the web address",
    invalid: "Enter a web address starting with http:// or https://, without a user name or password" },
  "case_reference.system": { id: "case-system", label: "System", missing: "Enter the case-management system",
    invalid: "Enter the system's name: letters, digits, spaces, dots, dashes or underscores" },
  "case_reference.reference": { id: "case-reference", label: "Reference", missing: "Enter the record's reference",
    invalid: "Enter the record's reference" },
  ...DESCRIBE_FIELDS,
};

export function LinkPage({ actionId }: { actionId: number }) {
  const [resource] = useAction(actionId);
  return <Loaded resource={resource}>{({ action }) => <LinkForm action={action} />}</Loaded>;
}

/** Evidence without a file: a web page, or a record in the case-management system. */
function LinkForm({ action }: { action: Action }) {
  const [where, setWhere] = useState("");
  const [url, setUrl] = useState("");
  const [system, setSystem] = useState("Mosaic");
  const [reference, setReference] = useState("");
  const [described, setDescribed] = useState<Described>(NOT_DESCRIBED);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, { evidence_duplicate: where === "record" ? "case_reference.reference" : "url" });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    if (!where) {
      // The one question only this form asks is checked here; the API still names whatever else is
      // missing, so every error shows at once. With neither a web address nor a record it adds nothing.
      const checked = await call(api.POST("/api/v1/actions/{action_id}/evidence-links",
        { params: { path: { action_id: action.id } }, body: describedFields(described) as LinkCreate }));
      setBusy(false);
      const others = checked.ok ? [] : (checked.problem.errors ?? []).filter((error) => fieldName(error.loc) !== "");
      const unanswered: Problem = { type: "about:blank", title: "The request is not valid", status: 422, code: "validation_failed",
        detail: "", errors: [{ loc: ["body", "where"], msg: "Field required", type: "missing" }, ...others] };
      return form.fail(unanswered);
    }
    const body = {
      ...describedFields(described),
      ...(where === "web" ? { url: url.trim() || undefined } : { case_reference: { system, reference } }),
    } as LinkCreate;
    const result = await call(api.POST("/api/v1/actions/{action_id}/evidence-links", { params: { path: { action_id: action.id } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.action(action.id), { flash: { kind: "success", text: `“${result.data.title}” is added: it waits for review` } });
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.action(action.id)}>Back to action {action.ref}</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Add a link to evidence" caption={`Action ${refText(action)}`} hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <Radios id="where" legend="Where is the evidence?" value={where} onChange={setWhere} error={form.error("where")} options={[
            { value: "web", text: "On a web page", conditional: (
              <TextInput id="url" label="Web address" hint="Starting with https://" spellCheck={false}
                value={url} onInput={setUrl} error={form.error("url")} />
            ) },
            { value: "record", text: "In a case-management system", conditional: (
              <>
                <TextInput id="case-system" label="System" width="govuk-input--width-10" value={system} onInput={setSystem}
                  error={form.error("case_reference.system")} />
                <TextInput id="case-reference" label="Reference" width="govuk-input--width-20" value={reference} onInput={setReference}
                  error={form.error("case_reference.reference")} />
              </>
            ) },
          ]} />
          <DescribeFields value={described} onChange={setDescribed} form={form} />
          <button type="submit" class="govuk-button">Add evidence</button>
        </form>
      </div>
    </div>
  );
}
