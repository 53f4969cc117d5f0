import { useEffect, useState } from "preact/hooks";
import { whenSessionEnds } from "./api/client";
import type { Problem } from "./api/problem";
import { clearToken, readToken } from "./auth/session";
import { loadSession, SessionContext, type SignedIn } from "./auth/session-context";
import { CouncilSignInCallback, CouncilSignInStart } from "./auth/council-sign-in-pages";
import { SignInPage } from "./auth/sign-in-page";
import { SignOutEverywherePage } from "./auth/sign-out-everywhere-page";
import { Layout } from "./components/layout";
import { ProblemPage } from "./components/problem-page";
import { Redirect } from "./components/redirect";
import { currentPath, navigate, useLocation } from "./router/history";
import { matchRoute, paths, safeNext } from "./router/routes";
import { RoutePage } from "./route-page";

type SessionState =
  | { status: "checking" }
  | { status: "signed-out" }
  | { status: "signed-in"; session: SignedIn }
  | { status: "failed"; problem: Problem };

const SESSION_ENDED = "Your session has ended; sign in again";

export function App() {
  const place = useLocation();
  const route = matchRoute(place.pathname);
  const [state, setState] = useState<SessionState>(() => (readToken() ? { status: "checking" } : { status: "signed-out" }));

  useEffect(() => {
    whenSessionEnds(() => {
      clearToken();
      setState({ status: "signed-out" });
      // Several requests may fail together; the first one sends the user to sign in.
      if (matchRoute(location.pathname).name !== "signIn") {
        navigate(paths.signIn(currentPath()), { replace: true, flash: { kind: "important", text: SESSION_ENDED } });
      }
    });
    if (state.status === "checking") {
      loadSession().then((result) => {
        if (result.ok) setState({ status: "signed-in", session: result.data });
        else if (result.problem.status !== 401) setState({ status: "failed", problem: result.problem });
      });
    }
  }, []);

  const session = state.status === "signed-in" ? state.session : null;
  const next = safeNext(new URLSearchParams(place.search).get("next"));
  let page;
  if (route.name === "signIn") {
    page = session ? <Redirect to={next} /> : (
      <SignInPage key={place.visit} onSignedIn={(signedIn) => {
        setState({ status: "signed-in", session: signedIn });
        navigate(next, { replace: true });
      }} />
    );
  } else if (route.name === "councilSignIn") {
    page = session ? <Redirect to={next} /> : <CouncilSignInStart next={next} />;
  } else if (route.name === "signInCallback") {
    page = session ? <Redirect to={next} /> : (
      <CouncilSignInCallback search={place.search} onSignedIn={(signedIn, to) => {
        setState({ status: "signed-in", session: signedIn });
        navigate(safeNext(to), { replace: true });
      }} />
    );
  } else if (route.name === "signOut") {
    page = <SignOut onSignOut={() => setState({ status: "signed-out" })} />;
  } else if (state.status === "checking") {
    page = <p class="govuk-body" role="status">Loading…</p>;
  } else if (state.status === "failed") {
    page = <ProblemPage problem={state.problem} />;
  } else if (state.status === "signed-out") {
    page = <Redirect to={paths.signIn(currentPath())} />;
  } else if (route.name === "signOutEverywhere") {
    page = <SignOutEverywherePage onSignedOut={() => {
      setState({ status: "signed-out" });
      navigate(paths.signIn(), { replace: true, flash: { kind: "success", text: "You have signed out everywhere" } });
    }} />;
  } else {
    page = <RoutePage key={place.visit} route={route} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout session={session} pathname={place.pathname} visit={place.visit}>{page}</Layout>
    </SessionContext.Provider>
  );
}

function SignOut({ onSignOut }: { onSignOut: () => void }) {
  useEffect(() => {
    // The API has no sign-out: forgetting the token is what signs out here (it expires within the hour).
    clearToken();
    onSignOut();
    navigate(paths.signIn(), { replace: true, flash: { kind: "success", text: "You have signed out" } });
  }, []);
  return null;
}
