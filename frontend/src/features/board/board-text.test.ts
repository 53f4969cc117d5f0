import { describe, expect, it } from "vitest";
import { mayWriteCommentary, meetingTitle, parseRefs } from "./board-text";
import type { Me } from "../../auth/permissions";

const me = (scope: string | undefined, led: number[]) =>
  ({ permissions: scope ? { "commentary:write": scope } : {}, led_area_ids: led }) as unknown as Me;

describe("board text", () => {
  it("names a meeting by its forum, title and day", () => {
    expect(meetingTitle({ title: "", forum: { name: "Cabinet" } }, "14 November 2019")).toBe("Cabinet, 14 November 2019");
    expect(meetingTitle({ title: "Q1", forum: { name: "Board" } }, "10 July 2019")).toBe("Board: Q1, 10 July 2019");
  });
  it("lets an area lead write only for the areas they lead", () => {
    expect(mayWriteCommentary(me("led_areas", [1]), 1)).toBe(true);
    expect(mayWriteCommentary(me("led_areas", [1]), 2)).toBe(false);
    expect(mayWriteCommentary(me("any", []), 2)).toBe(true);
    expect(mayWriteCommentary(me(undefined, [1]), 1)).toBe(false);
  });
  it("reads action refs as typed", () => {
    expect(parseRefs(" 1.4, 2.3;1.4  6.1 ")).toEqual(["1.4", "2.3", "6.1"]);
    expect(parseRefs("")).toEqual([]);
  });
});
