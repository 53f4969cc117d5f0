import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { TextInput } from "../../components/text-input";
import type { components } from "../../api/schema";
import type { Role } from "../../lib/roles";
import { useFormErrors } from "../../lib/use-form-errors";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { savedMessage } from "./role-change-text";
import { ROLE_OPTIONS, ROLES_HINT } from "./role-options";

type UserCreate = components["schemas"]["UserCreate"];

const FIELDS = {
  email: { id: "email", label: "Email address", missing: "Enter their email address" },
  name: { id: "name", label: "Full name" },
  role: { id: "role", label: "Role", missing: "Choose a role" },
  password: { id: "password", label: "Password", missing: "Enter a password" },
};
// The API refuses these without saying which field: place them on the field they are about.
const CODE_FIELDS = { invalid_email: "email", user_exists: "email", weak_password: "password", invalid_role: "role" };

export function NewUserPage() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, CODE_FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    // An unchosen role is sent as missing, so the API's "Field required" names the field.
    const body = { email, name, password, ...(role ? { role: role as Role } : {}) } as UserCreate;
    const result = await call(api.POST("/api/v1/users", { body }));
    setBusy(false);
    if (result.ok) navigate(paths.users(), { flash: { kind: "success", text: savedMessage(result.data, `${result.data.name} can now sign in as ${result.data.email}`) } });
    else form.fail(result.problem);
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.users()}>Back to users</BackLink>
        <FormErrors form={form} />
        <PageHeading title="Add a user" hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <TextInput id="email" label="Email address" type="email" autoComplete="off" spellCheck={false}
            value={email} onInput={setEmail} error={form.error("email")} />
          <TextInput id="name" label="Full name" hint="Leave empty to use the first part of the email address."
            value={name} onInput={setName} error={form.error("name")} />
          <Radios id="role" legend="Role" options={ROLE_OPTIONS} value={role} onChange={setRole} hint={ROLES_HINT} error={form.error("role")} />
          <TextInput id="password" label="Password" type="password" autoComplete="new-password"
            hint="At least 12 characters. Give it to them in person or by phone, not by email."
            value={password} onInput={setPassword} error={form.error("password")} />
          <button type="submit" class="govuk-button">Add user</button>
        </form>
      </div>
    </div>
  );
}
