// The board pack downloads from the board report page, in each format, and each file begins as its type does.
import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { checkPage, signIn } from "./support";

const STARTS = { PDF: "%PDF-", spreadsheet: "PK\u0003\u0004", CSV: "\ufeffArea," };

async function openDownloads(page: Page) {
  await signIn(page, "director");
  await page.goto("/plans/1/board-report?as_of=2019-06-30&since=2019-03-31");
  const downloads = page.getByRole("region", { name: "Download the board pack" });
  await expect(downloads).toContainText("As at 30 June 2019, with changes since 31 March 2019.");
  await expect(downloads).toContainText(/\(PDF, about \d+ KB\)/);
  return downloads;
}

// At a phone's width too: the report's tables and the download links fit the screen. The files are
// the same whatever the width, so only the desktop run below lays out the PDF.
test("the board report offers the pack in each format, with its size", { tag: "@phone" }, async ({ page }, info) => {
  const downloads = await openDownloads(page);
  for (const kind of Object.keys(STARTS)) {
    await expect(downloads.getByRole("link", { name: new RegExp(`Board pack as a ${kind}`) })).toBeVisible();
  }
  await checkPage(page, info, "board-report-downloads");
});

test("the board pack downloads as a PDF, a spreadsheet and a CSV", async ({ browser }) => {
  // The server lays out a whole plan's PDF: seconds when the machine is quiet, several times that when
  // other test runs share its two cores.
  test.setTimeout(150_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const downloads = await openDownloads(page);
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
