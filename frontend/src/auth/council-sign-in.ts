// Sign-in with the council's identity provider (OpenID Connect, e.g. Entra ID): the authorization
// code flow with PKCE (S256), the SPA being a public client with no secret. The ID token it gets is
// the API's bearer token: the API checks its signature, issuer, audience (our client id) and expiry.
import type { components } from "../api/schema";
import { saveToken } from "./session";

export type OidcConfig = components["schemas"]["OidcConfig"];

// What the callback needs to finish, kept in this tab only and used once.
const PENDING = "actionplan.oidc";

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  clientId: string;
  tokenEndpoint: string;
}

export function redirectUri(): string {
  return `${location.origin}/sign-in/callback`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer: string): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return response.json();
}

/** Sends the browser to the provider's sign-in page; it comes back to /sign-in/callback. */
export async function startCouncilSignIn(config: OidcConfig, next: string): Promise<void> {
  const provider = await discover(config.issuer);
  const pending: Pending = { state: randomText(), nonce: randomText(), verifier: randomText(), next,
    clientId: config.client_id, tokenEndpoint: provider.token_endpoint };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const challenge = base64url(new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier))));
  const url = new URL(provider.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: "code", client_id: config.client_id, redirect_uri: redirectUri(), scope: config.scopes,
    state: pending.state, nonce: pending.nonce, code_challenge: challenge, code_challenge_method: "S256",
  })) url.searchParams.set(name, value);
  location.assign(url.toString());
}

export type Finished = { ok: true; next: string } | { ok: false; reason: string };

/** Checks the provider's answer (state, then nonce), redeems the code and keeps the ID token. */
export async function finishCouncilSignIn(search: string): Promise<Finished> {
  const params = new URLSearchParams(search);
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending: Pending | null = saved ? JSON.parse(saved) : null;
  if (!pending || params.get("state") !== pending.state) {
    return { ok: false, reason: "This sign-in was not started in this browser tab, or was already used." };
  }
  const code = params.get("code");
  if (!code) {
    return { ok: false, reason: params.get("error_description") ?? "The council's sign-in page did not let you in." };
  }
  let idToken: unknown;
  try {
    const response = await fetch(pending.tokenEndpoint, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri(),
        client_id: pending.clientId, code_verifier: pending.verifier }),
    });
    idToken = response.ok ? (await response.json()).id_token : undefined;
  } catch {
    idToken = undefined;
  }
  if (typeof idToken !== "string") return { ok: false, reason: "The council's sign-in service did not answer." };
  // The signature is the API's to check; the nonce is ours: it ties the token to this sign-in.
  if (claims(idToken).nonce !== pending.nonce) {
    return { ok: false, reason: "The council's sign-in service answered for another sign-in." };
  }
  saveToken(idToken);
  return { ok: true, next: pending.next };
}

function claims(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
  } catch {
    return {};
  }
}
