import { describe, expect, it } from "vitest";
import { packSizeWords } from "./pack-size";

describe("packSizeWords", () => {
  it("rounds a small plan's files to what a reader needs to know", () => {
    expect(packSizeWords("pdf", 40)).toBe("about 150 KB");
    expect(packSizeWords("xlsx", 40)).toBe("about 30 KB");
    expect(packSizeWords("csv", 40)).toBe("about 20 KB");
    expect(packSizeWords("csv", 10)).toBe("under 10 KB");
  });
  it("speaks of megabytes for a long plan", () => {
    expect(packSizeWords("pdf", 2000)).toBe("about 3.7 MB");
    expect(packSizeWords("xlsx", 2000)).toBe("about 400 KB");
    expect(packSizeWords("csv", 2000)).toBe("about 900 KB");
  });
});
