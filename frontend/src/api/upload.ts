// Evidence uploads with a progress bar: the one request not made through openapi-fetch.
//
// fetch() cannot report how much of a request body has been sent (a streamed request body would,
// but browsers send those only over HTTP/2 and not to every server), and a 50 MB file on a council
// network needs its progress shown. XMLHttpRequest's `upload.onprogress` is the only way a browser
// tells it. So this module is the documented exception to "every request through the generated
// client" (frontend/README.md): its URL, fields and answer are still taken from the generated
// schema, so a change to the API's contract fails the build here as it does everywhere else.
import { readToken } from "../auth/session";
import { endSession, type Result } from "./client";
import { toProblem, type Problem } from "./problem";
import type { paths } from "./schema";

const UPLOAD_PATH = "/api/v1/actions/{action_id}/evidence" satisfies keyof paths;
type Operation = paths[typeof UPLOAD_PATH]["post"];
type Fields = Operation["requestBody"]["content"]["multipart/form-data"];
export type EvidenceCreated = Operation["responses"][201]["content"]["application/json"];

/**
 * The multipart fields as the API names them. The schema types the file as a string (OpenAPI's
 * "binary"); here it is the file the user chose. Null, undefined and empty values are left out, so
 * the API's "Field required" names each field the user did not fill in.
 */
export type EvidenceUpload = { [K in keyof Omit<Fields, "file">]?: Fields[K] | null } & { file?: Blob | null; filename?: string };

export interface UploadHandle {
  /** Settles once the API has answered, the connection failed, or the upload was cancelled. */
  done: Promise<Result<EvidenceCreated>>;
  abort: () => void;
}

export const UPLOAD_CANCELLED: Problem = { type: "about:blank", title: "Upload cancelled", status: 0, code: "upload_cancelled",
  detail: "The upload was cancelled: nothing was saved." };

export function uploadUrl(actionId: number): string {
  return UPLOAD_PATH.replace("{action_id}", String(actionId));
}

export function uploadForm(fields: EvidenceUpload): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (name === "filename" || value === null || value === undefined || value === "") continue;
    if (value instanceof Blob) form.append(name, value, fields.filename ?? (value as File).name ?? "evidence");
    else form.append(name, String(value));
  }
  return form;
}

/** Reads the API's answer the way `call()` reads openapi-fetch's: the data, or a Problem. */
export function readAnswer(status: number, body: string): Result<EvidenceCreated> {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (status === 401) endSession();
  if (status >= 200 && status < 300 && parsed) return { ok: true, data: parsed as EvidenceCreated };
  return { ok: false, problem: toProblem(parsed, status) };
}

/** Sends the file; `onProgress` hears the fraction sent (0 to 1) as the browser reports it. */
export function uploadEvidence(
  actionId: number,
  fields: EvidenceUpload,
  onProgress: (fraction: number) => void,
  newRequest: () => XMLHttpRequest = () => new XMLHttpRequest(),
): UploadHandle {
  const request = newRequest();
  const done = new Promise<Result<EvidenceCreated>>((resolve) => {
    request.open("POST", uploadUrl(actionId));
    const token = readToken();
    if (token) request.setRequestHeader("Authorization", `Bearer ${token}`);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) onProgress(1);
      resolve(readAnswer(request.status, request.responseText));
    };
    request.onerror = () => resolve({ ok: false, problem: toProblem(undefined, 0) });
    request.onabort = () => resolve({ ok: false, problem: UPLOAD_CANCELLED });
    request.send(uploadForm(fields));
  });
  return { done, abort: () => request.abort() };
}
