import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import type { Evidence } from "./evidence-text";

/**
 * Downloads an evidence file. A plain link cannot send the bearer token, so the file is read through
 * the API client and handed to the browser to save under its name. Null when saved, else why not.
 */
export async function downloadEvidence(item: Pick<Evidence, "id" | "filename">): Promise<Problem | null> {
  const file = await call(api.GET("/api/v1/evidence/{evidence_id}/file", {
    params: { path: { evidence_id: item.id } },
    parseAs: "blob",
  }));
  if (!file.ok) return file.problem;
  saveFile(file.data as Blob, item.filename || "evidence");
  return null;
}

/** Hands a file read through the API client to the browser to save under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
