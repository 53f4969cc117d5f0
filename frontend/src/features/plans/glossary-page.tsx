import { BackLink } from "../../components/back-link";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { SummaryList } from "../../components/summary-list";
import { paths } from "../../router/routes";
import { usePlan } from "./use-plan";

/** The plan's acronyms, as its own glossary spells them out. */
export function GlossaryPage({ planId }: { planId: number }) {
  const [resource] = usePlan(planId);
  return (
    <Loaded resource={resource}>
      {(plan) => (
        <>
          <BackLink href={paths.planAbout(plan.id)}>Back to about this plan</BackLink>
          <PageHeading title="Acronyms used in the plan" caption={plan.title} />
          {plan.acronyms.length ? (
            <SummaryList rows={plan.acronyms.map((a) => ({ key: a.term, value: a.meaning }))} />
          ) : (
            <p class="govuk-body">The plan uses no acronyms.</p>
          )}
        </>
      )}
    </Loaded>
  );
}
