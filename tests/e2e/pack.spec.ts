// The board pack downloads from the board report page, in each format, and each file begins as its type does.
import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { checkPage, signIn } from "./support";

const STARTS = { PDF: "%PDF-", spreadsheet: "PK\u0003\u0004", CSV: "\ufeffArea," };

test("the board pack downloads as a PDF, a spreadsheet and a CSV", async ({ browser }, info) => {
  // The server lays out a whole plan's PDF: seconds when the machine is quiet, several times that when
  // other test runs share its two cores.
  test.setTimeout(150_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, "director");
  await page.goto("/plans/1/board-report?as_of=2019-06-30&since=2019-03-31");
  const downloads = page.getByRole("region", { name: "Download the board pack" });
  await expect(downloads).toContainText("As at 30 June 2019, with changes since 31 March 2019.");
  await expect(downloads).toContainText(/\(PDF, about \d+ KB\)/);
  await checkPage(page, info, "board-report-downloads");
  for (const [kind, start] of Object.entries(STARTS)) {
    const saved = page.waitForEvent("download");
    await downloads.getByRole("link", { name: new RegExp(`Board pack as a ${kind}`) }).click();
    const download = await saved;
    const extension = { PDF: "pdf", spreadsheet: "xlsx", CSV: "csv" }[kind];
    expect(download.suggestedFilename()).toBe(`haringey-childrens-ofsted-2019-board-pack-2019-06-30.${extension}`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, Buffer.byteLength(start)).toString("utf8")).toBe(start);
  }
  await context.close();
});
