import { BackLink } from "../../components/back-link";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { formatDate } from "../../lib/dates";
import { paths } from "../../router/routes";
import { paragraphs } from "../actions/action-text";
import { AbbrText } from "../actions/abbr-text";
import { usePlan } from "./use-plan";

/** What the plan says of itself: why it exists, the dates it keeps, and where its acronyms are spelt out. */
export function PlanAboutPage({ planId }: { planId: number }) {
  const [resource] = usePlan(planId);
  return (
    <Loaded resource={resource}>
      {(plan) => (
        <>
          <BackLink href={paths.plan(plan.id)}>Back to the plan</BackLink>
          <PageHeading title="About this plan" caption={plan.title} />
          <SummaryList rows={[
            { key: "Organisation", value: plan.organisation },
            { key: "Issued", value: plan.issued },
          ]} />
          <h2 class="govuk-heading-m">Context</h2>
          {paragraphs(plan.context).map((p) => <p class="govuk-body" key={p}><AbbrText text={p} acronyms={plan.acronyms} /></p>)}
          <h2 class="govuk-heading-m">Key dates</h2>
          {plan.key_dates.length ? (
            <SummaryList rows={plan.key_dates.map((d) => ({ key: d.label, value: formatDate(d.date) }))} />
          ) : (
            <p class="govuk-body">The plan sets no key dates.</p>
          )}
          <h2 class="govuk-heading-m">Board meetings</h2>
          <p class="govuk-body">
            <a class="govuk-link" href={paths.planReminders(plan.id)}>When the board meets, when updates are due and who is reminded</a>.
          </p>
          <h2 class="govuk-heading-m">Acronyms</h2>
          <p class="govuk-body">
            The plan uses {plan.acronyms.length} acronyms: <a class="govuk-link" href={paths.glossary(plan.id)}>see what each stands for</a>.
          </p>
        </>
      )}
    </Loaded>
  );
}
