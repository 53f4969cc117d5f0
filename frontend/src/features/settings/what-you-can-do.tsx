import { whatYouCanDo } from "../../auth/permission-words";
import { useSession } from "../../auth/session-context";
import { ROLE_NAMES } from "../../lib/roles";

/** "Your settings": the role and what it lets this person do, and where, in the words the API's refusals use. */
export function WhatYouCanDo() {
  const { me } = useSession();
  return (
    <section aria-labelledby="what-you-can-do-heading">
      <h2 class="govuk-heading-m" id="what-you-can-do-heading">What you can do</h2>
      <p class="govuk-body">You are signed in as {me.name}, {ROLE_NAMES[me.role]}. You can:</p>
      <ul class="govuk-list govuk-list--bullet">
        {whatYouCanDo(me).map((line) => <li key={line}>{line}</li>)}
      </ul>
    </section>
  );
}
