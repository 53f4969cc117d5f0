// The board pack downloads from the board report page, in each format, and each file begins as its type does.
// The PDF is first prepared by the server's background worker: the page says so, then offers it to save.
import { expect, test, type Download, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { checkPage, signIn } from "./support";

const STARTS = { PDF: "%PDF-", spreadsheet: "PK\u0003\u0004", CSV: "\ufeffArea," } as const;

async function openDownloads(page: Page) {
  await signIn(page, "director");
  await page.goto("/plans/1/board-report?as_of=2019-06-30&since=2019-03-31");
  const downloads = page.getByRole("region", { name: "Download the board pack" });
  await expect(downloads).toContainText("As at 30 June 2019, with changes since 31 March 2019.");
  await expect(downloads).toContainText(/\(PDF, about \d+ KB\)/);
  return downloads;
}

// At a phone's width too: the report's tables and the download links fit the screen. The files are
// the same whatever the width, so only the desktop run below has the PDF laid out.
test("the board report offers the pack in each format, with its size", { tag: "@phone" }, async ({ page }, info) => {
  const downloads = await openDownloads(page);
  for (const kind of Object.keys(STARTS)) {
    await expect(downloads.getByRole("link", { name: new RegExp(`Board pack as a ${kind}`) })).toBeVisible();
  }
  await checkPage(page, info, "board-report-downloads");
});

test("the board pack downloads as a PDF, a spreadsheet and a CSV", async ({ browser }, info) => {
  // The server's worker lays out the whole plan's PDF: seconds when the machine is quiet, several times
  // that when other test runs share its two cores.
  test.setTimeout(150_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const downloads = await openDownloads(page);
  const extension = { PDF: "pdf", spreadsheet: "xlsx", CSV: "csv" };
  const expectFile = async (kind: keyof typeof STARTS, saved: Promise<Download>) => {
    const download = await saved;
    expect(download.suggestedFilename()).toBe(`haringey-childrens-ofsted-2019-board-pack-2019-06-30.${extension[kind]}`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, Buffer.byteLength(STARTS[kind])).toString("utf8")).toBe(STARTS[kind]);
    return bytes;
  };

  // Nobody has asked for this PDF before: it is prepared in the background, then offered to save.
  const pdf = downloads.getByRole("link", { name: /Board pack as a PDF/ });
  await pdf.click();
  await expect(downloads.getByText("The PDF is being prepared")).toBeVisible();
  await checkPage(page, info, "board-report-pdf-preparing");
  await expect(downloads.getByText("The PDF is ready")).toBeVisible({ timeout: 120_000 });
  const save = downloads.getByRole("link", { name: "Save the board pack PDF" });
  const first = await expectFile("PDF", Promise.all([page.waitForEvent("download"), save.click()]).then(([d]) => d));
  // Now it is stored: the link downloads it at once, the same bytes.
  const again = await expectFile("PDF", Promise.all([page.waitForEvent("download"), pdf.click()]).then(([d]) => d));
  expect(again.equals(first)).toBe(true);

  for (const kind of ["spreadsheet", "CSV"] as const) {
    const saved = page.waitForEvent("download");
    await downloads.getByRole("link", { name: new RegExp(`Board pack as a ${kind}`) }).click();
    await expectFile(kind, saved);
  }
  await context.close();
});
