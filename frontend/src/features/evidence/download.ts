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
  const url = URL.createObjectURL(file.data as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = item.filename || "evidence";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return null;
}
