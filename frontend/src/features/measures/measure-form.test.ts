import { describe, expect, it } from "vitest";
import { figureOrText, isoToParts } from "./measure-form";

describe("the measure form's figures and dates", () => {
  it("sends a number as a number, anything else as typed, and nothing for an empty field", () => {
    expect(figureOrText("value", " 52.5 ")).toEqual({ value: 52.5 });
    expect(figureOrText("value", "about 50")).toEqual({ value: "about 50" });
    expect(figureOrText("value", "  ")).toEqual({});
  });

  it("puts an API date into the date input as a person types it", () => {
    expect(isoToParts("2019-01-31")).toEqual({ day: "31", month: "1", year: "2019" });
  });
});
