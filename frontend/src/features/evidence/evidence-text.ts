// How evidence reads on a page, and which controls an item offers to whom.
import type { components } from "../../api/schema";
import { canOnAction, type Me } from "../../auth/permissions";

export type Evidence = components["schemas"]["EvidencePublic"];
export type EvidenceState = components["schemas"]["EvidenceState"];
type ActionScope = { id: number; owner: { id: number } | null; area_id: number };

export const EVIDENCE_STATES: Record<EvidenceState, { text: string; colour: string }> = {
  submitted: { text: "Waiting for review", colour: "yellow" },
  accepted: { text: "Accepted", colour: "green" },
  rejected: { text: "Rejected", colour: "red" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
  erased: { text: "Erased", colour: "grey" },
};

// The types the API accepts (evidence/filetypes.py), in the words it uses for them.
const FILE_TYPES: Record<string, string> = {
  "application/pdf": "PDF document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation",
  "application/msword": "Word 97-2003 document",
  "application/vnd.ms-excel": "Excel 97-2003 spreadsheet",
  "application/vnd.ms-powerpoint": "PowerPoint 97-2003 presentation",
  "application/vnd.ms-outlook": "Outlook message",
  "application/vnd.oasis.opendocument.text": "OpenDocument text",
  "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
  "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
  "text/plain": "Text file",
  "message/rfc822": "Email message",
};

/** "PDF document, 3.1 MB", "Web page", "Mosaic record". */
export function evidenceType(item: Pick<Evidence, "kind" | "content_type" | "size_bytes" | "url" | "case_reference">): string {
  if (item.kind === "link") return item.case_reference ? `${item.case_reference.system} record` : "Web page";
  const type = (item.content_type && FILE_TYPES[item.content_type]) ?? "File";
  return item.size_bytes === null ? type : `${type}, ${formatSize(item.size_bytes)}`;
}

/** Bytes as people read them: "45 bytes", "120 KB", "3.1 MB" (1 KB = 1,024 bytes, as Windows shows). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const units = ["KB", "MB", "GB"];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size < 10 ? size.toFixed(1).replace(/\.0$/, "") : Math.round(size)} ${units[unit]}`;
}

/** Rights over an item come from its home action only: on an action it is merely linked to, the page offers nothing. */
function onHome(me: Me, permission: "evidence:review" | "evidence:upload", item: Evidence, action: ActionScope): boolean {
  return action.id === item.home_action_id && canOnAction(me, permission, action);
}

/** Accept or reject: those who review on its home action, never whoever uploaded it (the API checks the file's uploader too). */
export function mayReview(me: Me, item: Evidence, action: ActionScope): boolean {
  return item.state === "submitted" && item.uploaded_by?.id !== me.id && onHome(me, "evidence:review", item, action);
}

const LIVE: EvidenceState[] = ["submitted", "accepted", "rejected"];

/** Withdraw: its uploader, or anyone who may upload evidence on its home action. */
export function mayWithdraw(me: Me, item: Evidence, action: ActionScope): boolean {
  if (!LIVE.includes(item.state)) return false;
  return onHome(me, "evidence:upload", item, action) || (item.uploaded_by?.id === me.id && "evidence:upload" in me.permissions);
}
