import { useEffect, useState } from "preact/hooks";
import { api, call } from "../api/client";
import { FormErrors } from "../components/form-errors";
import { FlashBanner } from "../components/flash-banner";
import { PageHeading } from "../components/page-heading";
import { TextInput } from "../components/text-input";
import { useFormErrors } from "../lib/use-form-errors";
import { paths, safeNext } from "../router/routes";
import type { OidcConfig } from "./council-sign-in";
import { saveToken } from "./session";
import { loadSession, type SignedIn } from "./session-context";

// The token endpoint's form fields: `username` is the email address.
const FIELDS = {
  username: { id: "email", label: "Email address", missing: "Enter your email address" },
  password: { id: "password", label: "Password", missing: "Enter your password" },
};

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SignedIn) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS, { bad_credentials: "username" });
  // Until the server says otherwise, the password form: the embedded default.
  const [ways, setWays] = useState<{ password: boolean; oidc: OidcConfig | null }>({ password: true, oidc: null });
  useEffect(() => {
    call(api.GET("/api/v1/auth/config")).then((config) => {
      if (config.ok) setWays({ password: config.data.password_sign_in, oidc: config.data.oidc ?? null });
    });
  }, []);
  const next = safeNext(new URLSearchParams(location.search).get("next"));

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const token = await call(api.POST("/api/v1/auth/token", {
      body: { username: email, password, grant_type: "password", scope: "" },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }));
    if (token.ok) saveToken(token.data.access_token);
    const session = token.ok ? await loadSession() : token;
    setBusy(false);
    if (session.ok) onSignedIn(session.data);
    else form.fail(session.problem);
  }

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <FormErrors form={form} />
        <FlashBanner />
        <PageHeading title="Sign in" hasErrors={!!form.errors} />
        {ways.oidc && (
          <a class="govuk-button" href={paths.councilSignIn(next)}>
            Sign in with your council account
          </a>
        )}
        {ways.password && (
          <form noValidate onSubmit={submit}>
            {ways.oidc && <h2 class="govuk-heading-m">Or sign in with a password</h2>}
            <TextInput id="email" label="Email address" type="email" autoComplete="username" spellCheck={false}
              value={email} onInput={setEmail} error={form.error("username")} />
            <TextInput id="password" label="Password" type="password" autoComplete="current-password"
              value={password} onInput={setPassword} error={form.error("password")} />
            <button type="submit" class="govuk-button">Sign in</button>
          </form>
        )}
      </div>
    </div>
  );
}
