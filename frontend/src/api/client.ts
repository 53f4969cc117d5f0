// The one way the SPA talks to the API: openapi-fetch typed by the generated schema.d.ts.
import createClient, { type Middleware } from "openapi-fetch";
import { readToken } from "../auth/session";
import { toProblem, type Problem } from "./problem";
import type { paths } from "./schema";

const SIGN_IN = "/api/v1/auth/token";

let onSessionEnded: () => void = () => {};

/** What to do when the API says the token is no longer good (expired, revoked, role changed). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

/** Ends the session as a 401 does: for the one request not made through this client (src/api/upload.ts). */
export function endSession(): void {
  onSessionEnded();
}

const bearer: Middleware = {
  onRequest({ request }) {
    const token = readToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    // A 401 from the sign-in form is a wrong password, not an ended session.
    if (response.status === 401 && schemaPath !== SIGN_IN) onSessionEnded();
    return response;
  },
};

// "no-cache" revalidates every read (a cheap 304 when nothing changed): a page must show what is
// true now, e.g. right after a change made in another tab.
export const api = createClient<paths>({ cache: "no-cache" });
api.use(bearer);

/** `etag`: the version of what was read, for the If-Match of a change (412 if someone changed it since). */
export type Result<T> = { ok: true; data: T; etag?: string } | { ok: false; problem: Problem };

type Answer = { data?: unknown; error?: unknown; response: Response };
type DataOf<A> = A extends { data: infer D } ? Exclude<D, undefined> : never;

/** Awaits an openapi-fetch call and gives its data or a Problem, including when the network fails. */
export async function call<A extends Answer>(request: Promise<A>): Promise<Result<DataOf<A>>> {
  try {
    const { data, error, response } = await request;
    if (!response.ok) return { ok: false, problem: toProblem(error, response.status) };
    return { ok: true, data: data as DataOf<A>, etag: response.headers.get("ETag") ?? undefined };
  } catch {
    return { ok: false, problem: toProblem(undefined, 0) };
  }
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function failed<T>(problem: Problem): Result<T> {
  return { ok: false, problem };
}
