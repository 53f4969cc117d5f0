import { can } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { PageHeading } from "../../components/page-heading";
import { Redirect } from "../../components/redirect";
import { paths } from "../../router/routes";

/** Sends each user where their work is: the plan, their one plan's dashboard, or administration. */
export function HomePage() {
  const { me, plans } = useSession();
  if (plans.length === 1) return <Redirect to={paths.plan(plans[0].id)} />;
  if (!can(me, "plan:read") && can(me, "user:manage")) return <Redirect to={paths.users()} />;
  if (!can(me, "plan:read") && can(me, "token:manage")) return <Redirect to={paths.serviceTokens()} />;
  return (
    <>
      <PageHeading title="Plans" />
      {plans.length === 0 ? (
        <p class="govuk-body">
          {me.role === "inspector"
            ? "You do not have access to any plan at the moment. The council's director gives inspectors access to a plan until a date."
            : "There are no plans you can read."}
        </p>
      ) : (
        <ul class="govuk-list">
          {plans.map((plan) => (
            <li key={plan.id}><a class="govuk-link" href={paths.plan(plan.id)}>{plan.title}</a> ({plan.organisation})</li>
          ))}
        </ul>
      )}
    </>
  );
}
