import { useState } from "preact/hooks";
import { api, call, failed, ok } from "../../api/client";
import { NOT_FOUND } from "../../api/problem";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { SummaryList } from "../../components/summary-list";
import { formatDateTime } from "../../lib/dates";
import { ROLE_NAMES, type Role } from "../../lib/roles";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { useSession } from "../../auth/session-context";
import { savedMessage, waitingText } from "./role-change-text";
import { ROLE_OPTIONS, ROLES_HINT } from "./role-options";

type User = components["schemas"]["UserPublic"];

const FIELDS = { role: { id: "role", label: "Role" }, is_active: { id: "deactivate", label: "Account" } };

export function UserPage({ userId }: { userId: number }) {
  // The API has no GET /users/{id}: the user is found in the list.
  const [resource] = useResource(async () => {
    const users = await call(api.GET("/api/v1/users"));
    if (!users.ok) return users;
    const user = users.data.find((u) => u.id === userId);
    return user ? ok(user) : failed<User>(NOT_FOUND);
  });
  return <Loaded resource={resource}>{(user) => <UserForm user={user} />}</Loaded>;
}

function UserForm({ user }: { user: User }) {
  const { me } = useSession();
  const [role, setRole] = useState<string>(user.role);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function update(body: { role?: Role; is_active?: boolean }, done: string) {
    if (busy) return;
    setBusy(true);
    const result = await call(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: user.id } }, body }));
    setBusy(false);
    if (result.ok) navigate(paths.users(), { flash: { kind: "success", text: savedMessage(result.data, done) } });
    else form.fail(result.problem);
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={paths.users()}>Back to users</BackLink>
        <FormErrors form={form} />
        <PageHeading title={user.name} caption="User" hasErrors={!!form.errors} />
        <SummaryList rows={[
          { key: "Email address", value: user.email },
          { key: "Role", value: ROLE_NAMES[user.role] },
          { key: "Account", value: user.is_active ? "Active" : "Deactivated" },
          { key: "Added", value: formatDateTime(user.created_at) },
          ...(user.pending_role_change ? [{ key: "Role change", value: waitingText(user.pending_role_change) }] : []),
        ]} />
        {user.id === me.id ? (
          <div class="govuk-inset-text">You cannot change your own role or deactivate your own account: another administrator can.</div>
        ) : <AccountControls user={user} role={role} setRole={setRole} update={update} error={form.error} />}
      </div>
    </div>
  );
}

interface ControlsProps {
  user: User;
  role: string;
  setRole: (role: string) => void;
  update: (body: { role?: Role; is_active?: boolean }, done: string) => void;
  error: ReturnType<typeof useFormErrors>["error"];
}

function AccountControls({ user, role, setRole, update, error }: ControlsProps) {
  return (
    <>
      <form noValidate onSubmit={(event) => {
        event.preventDefault();
        update({ role: role as Role }, `${user.name}'s role is now ${ROLE_NAMES[role as Role]}`);
      }}>
        <Radios id="role" legend="Change role" options={ROLE_OPTIONS} value={role} onChange={setRole}
          hint={`They are signed out at once and sign in again with the new role's powers. ${ROLES_HINT}`} error={error("role")} />
        <button type="submit" class="govuk-button">Save role</button>
      </form>
      <h2 class="govuk-heading-m">{user.is_active ? "Deactivate the account" : "Reactivate the account"}</h2>
      {user.is_active ? (
        <>
          <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong class="govuk-warning-text__text">
              <span class="govuk-visually-hidden">Warning</span>
              {user.name} will be signed out at once and will not be able to sign in.
            </strong>
          </div>
          <button type="button" id="deactivate" class="govuk-button govuk-button--warning"
            onClick={() => update({ is_active: false }, `${user.name}'s account is deactivated`)}>
            Deactivate account
          </button>
        </>
      ) : (
        <button type="button" id="deactivate" class="govuk-button govuk-button--secondary"
          onClick={() => update({ is_active: true }, `${user.name}'s account is active again`)}>
          Reactivate account
        </button>
      )}
    </>
  );
}
