// Words and small rules of the board pages, kept pure so they are unit-tested.
import type { components } from "../../api/schema";
import type { Me } from "../../auth/permissions";

export type Meeting = components["schemas"]["MeetingPublic"];
export type CommentaryState = components["schemas"]["CommentaryState"];

export const COMMENTARY_STATES: Record<CommentaryState, string> = {
  draft: "Draft, waiting for review",
  reviewed: "Reviewed, waiting to be published",
  published: "Published",
  returned: "Returned to its author",
  superseded: "Replaced by a later version",
};

export const MEETING_STATES: Record<Meeting["state"], string> = {
  scheduled: "Scheduled",
  papers_closed: "Papers closed",
};

/** "Children's Improvement Board, 10 July 2019" style, with the meeting's own title when it has one. */
export function meetingTitle(meeting: { title: string; forum: { name: string } }, day: string): string {
  return meeting.title ? `${meeting.forum.name}: ${meeting.title}, ${day}` : `${meeting.forum.name}, ${day}`;
}

/** May write an area's commentary: anywhere, or in the areas they lead (a Head of Service). */
export function mayWriteCommentary(me: Me, areaId: number): boolean {
  const scope = me.permissions["commentary:write"];
  return scope === "any" || (scope === "led_areas" && me.led_area_ids.includes(areaId));
}

/** "1.4, 2.3" → ["1.4", "2.3"]: the refs an officer types, in order, without repeats. */
export function parseRefs(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((ref) => ref.trim()).filter(Boolean))];
}
