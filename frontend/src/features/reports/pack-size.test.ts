import { describe, expect, it } from "vitest";
import { packSizeWords } from "./pack-size";

describe("packSizeWords", () => {
  it("rounds a small plan's files to what a reader needs to know", () => {
    expect(packSizeWords("pdf", 40)).toBe("about 200 KB");
    expect(packSizeWords("xlsx", 40)).toBe("about 30 KB");
    expect(packSizeWords("csv", 10)).toBe("under 10 KB");
  });
  it("speaks of megabytes for a long plan", () => {
    expect(packSizeWords("pdf", 2000)).toBe("about 4.5 MB");
  });
});
