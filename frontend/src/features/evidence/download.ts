import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { saveFile } from "../../lib/save-file";
import type { Evidence } from "./evidence-text";

/**
 * Downloads an evidence file under its name, through the API client (lib/save-file.ts). Null when
 * saved, else why not.
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
