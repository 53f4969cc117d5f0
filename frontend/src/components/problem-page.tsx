import type { Problem } from "../api/problem";
import { PageHeading } from "./page-heading";

/** A page that could not be shown, in the words of GOV.UK's error page patterns. */
export function ProblemPage({ problem }: { problem: Problem }) {
  // A 401 has already sent the user to sign in; there is nothing to say here.
  if (problem.status === 401) return null;
  if (problem.status === 404) {
    return (
      <>
        <PageHeading title="Page not found" />
        <p class="govuk-body">If you typed the web address, check it is correct.</p>
        <p class="govuk-body">If you followed a link, the page may have moved or you may not have access to it.</p>
      </>
    );
  }
  if (problem.status === 403) {
    return (
      <>
        <PageHeading title="You cannot see this page" />
        <p class="govuk-body">{problem.detail}</p>
      </>
    );
  }
  return (
    <>
      <PageHeading title="Sorry, there is a problem with the service" />
      <p class="govuk-body">{problem.detail}</p>
    </>
  );
}
