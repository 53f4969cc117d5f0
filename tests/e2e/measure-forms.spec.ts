import { expect, test } from "@playwright/test";
import { checkPage, fillDate, heading, signIn } from "./support";

test("a Head of Service defines a measure of their area, enters a reading and corrects it, the old figure kept", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "hos");
  await page.goto("/areas/1");
  await expect(heading(page)).toContainText("Area 1");
  await page.getByRole("link", { name: "Define a measure of this area" }).click();
  await expect(heading(page)).toContainText("Define a measure");
  await page.getByRole("button", { name: "Define measure" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter the measure's name");
  await expect(summary).toContainText("Choose the unit");
  await checkPage(page, info, "define-measure-errors");

  await page.getByLabel("Name").fill("Re-referrals within a year");
  await page.getByLabel("Percentage").check();
  await page.getByLabel("Lower is better").check();
  await page.locator("#baseline-0-value").fill("22");
  await fillDate(page, "baseline-0-date", { day: "31", month: "3", year: "2019" });
  await page.locator("#target-0-value").fill("16");
  await fillDate(page, "target-0-date", { day: "31", month: "3", year: "2020" });
  await page.getByRole("button", { name: "Define measure" }).click();
  await expect(page.getByText("Measure Re-referrals within a year defined")).toBeVisible();
  const measure = page.getByRole("region", { name: "Re-referrals within a year" });

  await measure.getByRole("link", { name: "Enter a reading of Re-referrals within a year" }).click();
  await page.getByLabel("Value").fill("21");
  await fillDate(page, "taken-on", { day: "30", month: "6", year: "2019" });
  await page.getByRole("button", { name: "Enter reading" }).click();
  await expect(measure).toContainText("Behind the trajectory");

  await measure.getByText("The figures in a table").click();
  await measure.getByRole("link", { name: "Correct the reading of 30 June 2019" }).click();
  await expect(heading(page)).toContainText("Correct a reading");
  await page.getByLabel("Value").fill("20");
  await page.getByRole("button", { name: "Correct reading" }).click();
  await expect(page.getByRole("alert")).toContainText("Say why the figure is corrected");
  await checkPage(page, info, "correct-reading-errors");
  await page.getByLabel("Why it is corrected").fill("Two referrals were counted twice");
  await page.getByRole("button", { name: "Correct reading" }).click();
  await expect(page.getByText("Reading corrected to 20% for 30 June 2019; the earlier figure is kept")).toBeVisible();
  await measure.getByText("The figures in a table").click();
  await expect(measure.getByRole("table")).toContainText("Corrected from 21% on");
  await expect(measure.getByRole("table")).toContainText("Two referrals were counted twice");
  await checkPage(page, info, "area-measures");
});
