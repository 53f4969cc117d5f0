// The board pack spreadsheet downloaded, edited offline (openpyxl, as Excel would) and imported back:
// a preview of every change and every problem, nothing saved until "Apply these changes", and then a
// status that is a proposal waiting for a decision, never an approval.
import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { checkPage, heading, newPage, signIn } from "./support";

const ROOT = path.resolve(__dirname, "../..");

function edit(source: string, target: string, edits: Record<string, Record<string, string>>): void {
  execFileSync(path.join(ROOT, ".venv/bin/python"), [path.join(__dirname, "edit-workbook.py"), source, target,
    JSON.stringify(edits)]);
}

test("an assistant director imports the edited spreadsheet, checks the preview and applies it", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const page = await newPage(browser);
  await signIn(page, "ad");
  await page.goto("/plans/1");
  const saved = page.waitForEvent("download");
  await page.getByRole("region", { name: "Download the board pack" }).getByRole("link", { name: /as a spreadsheet/ }).click();
  const downloaded = info.outputPath("downloaded.xlsx");
  await (await saved).saveAs(downloaded);
  const wrong = info.outputPath("wrong.xlsx");
  const edited = info.outputPath("edited.xlsx");
  edit(downloaded, wrong, { "6.3": { RAG: "Purple" } });

  await page.getByRole("link", { name: "Import the board pack spreadsheet" }).click();
  await expect(heading(page)).toHaveText("Import the board pack spreadsheet");
  await checkPage(page, info, "import-spreadsheet");
  // A problem names its sheet, row and column, and nothing can be applied.
  await page.getByLabel("Spreadsheet").setInputFiles(wrong);
  await page.getByRole("button", { name: "Check the changes" }).click();
  await expect(heading(page)).toContainText("Check the changes");
  const problems = page.getByRole("table", { name: "Problems in the spreadsheet" });
  await expect(problems).toContainText(/Actions sheet, row \d+, column G \(RAG\)/);
  await expect(problems).toContainText("'Purple' is not a RAG status");
  await expect(page.getByRole("button", { name: "Apply these changes" })).toHaveCount(0);

  // The plan as it stands now, edited the same way. Other journeys change the shared demo plan meanwhile: a
  // date one moved since the download would read as this officer's change, and a change between the preview
  // and "Apply" is refused (412) with "upload the workbook again", which the officer then does.
  const changes = page.getByRole("table", { name: "Changes in the spreadsheet" });
  for (let attempt = 1; ; attempt++) {
    await page.goto("/plans/1");
    const fresh = page.waitForEvent("download");
    await page.getByRole("region", { name: "Download the board pack" }).getByRole("link", { name: /as a spreadsheet/ }).click();
    await (await fresh).saveAs(downloaded);
    edit(downloaded, edited, {
      "6.3": { RAG: "Green", "Latest commentary": "Practice weeks held in every team (spreadsheet import)." },
      "6.4": { "Latest commentary": "Exit interviews now recorded for every leaver (spreadsheet import)." },
    });
    await page.getByRole("link", { name: "Import the board pack spreadsheet" }).click();
    await page.getByLabel("Spreadsheet").setInputFiles(edited);
    await page.getByRole("button", { name: "Check the changes" }).click();
    await expect(changes.getByRole("row", { name: /6\.3/ })).toContainText("RAG: proposed, for an approver to decide");
    await expect(changes.getByRole("row", { name: /6\.3/ })).toContainText("Green");
    await expect(changes.getByRole("row", { name: /6\.4/ })).toContainText("Commentary: recorded as progress");
    await expect(page.getByRole("main")).toContainText("Nothing has been saved yet.");
    await checkPage(page, info, "import-spreadsheet-preview");
    await page.getByRole("button", { name: "Apply these changes" }).click();
    const said = page.getByRole("alert");
    await expect(said).toContainText(/2 changes applied|The plan has changed since this preview/);
    if ((await said.textContent())!.includes("2 changes applied")) break;
    expect(attempt).toBeLessThan(3);
  }
  await expect(heading(page)).toContainText("Spreadsheet imported");

  // The status waits for a decision: the action's approved status is unchanged, a proposal is pending.
  await changes.getByRole("link", { name: "6.3" }).click();
  const pending = page.locator(".app-pending");
  await expect(pending.getByRole("heading", { name: "Waiting for a decision" })).toBeVisible();
  await expect(pending).toContainText("Green");
  await expect(pending).toContainText("Practice weeks held in every team (spreadsheet import).");
  await page.context().close();
});
