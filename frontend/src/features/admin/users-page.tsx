import { api, call } from "../../api/client";
import { FlashBanner } from "../../components/flash-banner";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { ROLE_NAMES } from "../../lib/roles";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";

export function UsersPage() {
  const [resource] = useResource(() => call(api.GET("/api/v1/users")));
  return (
    <Loaded resource={resource}>
      {(users) => (
        <>
          <FlashBanner />
          <PageHeading title="Users" />
          <a href={paths.newUser()} class="govuk-button">Add a user</a>
          <table class="govuk-table app-stack">
            <caption class="govuk-table__caption govuk-visually-hidden">Everyone who can sign in, and the role they have</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Name</th>
                <th scope="col" class="govuk-table__header">Email address</th>
                <th scope="col" class="govuk-table__header">Role</th>
                <th scope="col" class="govuk-table__header">Account</th>
                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {users.map((user) => (
                <tr class="govuk-table__row" key={user.id}>
                  <th scope="row" class="govuk-table__header">{user.name}</th>
                  <td class="govuk-table__cell" data-label="Email address">{user.email}</td>
                  <td class="govuk-table__cell" data-label="Role">
                    {ROLE_NAMES[user.role]}
                    {user.pending_role_change && <><br /><strong class="govuk-tag govuk-tag--yellow">Waiting: {ROLE_NAMES[user.pending_role_change.role]}</strong></>}
                  </td>
                  <td class="govuk-table__cell" data-label="Account">
                    {user.is_active ? <strong class="govuk-tag govuk-tag--green">Active</strong> : <strong class="govuk-tag govuk-tag--grey">Deactivated</strong>}
                  </td>
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={paths.user(user.id)}>Change<span class="govuk-visually-hidden"> {user.name}</span></a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Loaded>
  );
}
