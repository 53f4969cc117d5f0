import { useEffect, useState } from "preact/hooks";
import { api, call } from "../api/client";
import { PageHeading } from "../components/page-heading";
import { paths } from "../router/routes";
import { finishCouncilSignIn, startCouncilSignIn } from "./council-sign-in";
import { loadSession, type SignedIn } from "./session-context";
import { clearToken } from "./session";

/** On the way to the council's sign-in page: nothing to do but wait, or read why it failed. */
export function CouncilSignInStart({ next }: { next: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    call(api.GET("/api/v1/auth/config")).then(async (config) => {
      if (!config.ok || !config.data.oidc) {
        setFailure("Signing in with your council account is not set up here.");
        return;
      }
      try {
        await startCouncilSignIn(config.data.oidc, next);
      } catch {
        setFailure("The council's sign-in service could not be reached.");
      }
    });
  }, []);
  return failure ? <Failed reason={failure} /> : <p class="govuk-body" role="status">Taking you to your council's sign-in page…</p>;
}

/** Where the council's sign-in page sends the browser back. */
export function CouncilSignInCallback({ search, onSignedIn }: {
  search: string;
  onSignedIn: (session: SignedIn, next: string) => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    finishCouncilSignIn(search).then(async (finished) => {
      if (!finished.ok) {
        setFailure(finished.reason);
        return;
      }
      const session = await loadSession();
      if (session.ok) onSignedIn(session.data, finished.next);
      else {
        clearToken();
        setFailure(session.problem.detail ?? "actionplan did not accept your council account.");
      }
    });
  }, []);
  return failure ? <Failed reason={failure} /> : <p class="govuk-body" role="status">Signing you in…</p>;
}

function Failed({ reason }: { reason: string }) {
  return (
    <>
      <PageHeading title="You could not be signed in" />
      <p class="govuk-body">{reason}</p>
      <p class="govuk-body"><a class="govuk-link" href={paths.signIn()}>Try signing in again</a></p>
    </>
  );
}
