import { expect, test } from "@playwright/test";
import { checkPage, fillDate, heading, signIn } from "./support";

test("the owner enters a reading on 1.4 and sees it against the trajectory, beside the approved status", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "owner");
  await page.goto("/actions/4");
  await expect(heading(page)).toContainText("Action 1.4");
  const measure = page.getByRole("region", { name: "Audits rated at least good" });
  await expect(measure).toContainText("47% at Oct. 2018");
  await expect(measure.getByRole("img", { name: /Audits rated at least good/ })).toBeVisible();

  await measure.getByRole("link", { name: "Enter a reading of Audits rated at least good" }).click();
  await expect(heading(page)).toContainText("Enter a reading");
  await page.getByRole("button", { name: "Enter reading" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter the figure");
  await expect(summary).toContainText("Enter the date the figure is for");
  await checkPage(page, info, "enter-reading-errors");

  await page.getByLabel("Value").fill("44");
  await fillDate(page, "taken-on", { day: "31", month: "5", year: "2019" });
  await page.getByLabel("Source (optional)").fill("Case file audit tool");
  await page.getByRole("button", { name: "Enter reading" }).click();
  await expect(heading(page)).toContainText("Action 1.4");
  await expect(page.getByText("Reading of 44% for 31 May 2019 entered")).toBeVisible();
  // 31 May 2019: the line from 35% (31 January) to 60% (30 September) stands at 47.4%.
  await expect(measure).toContainText("Behind the trajectory by 3.4 percentage points");
  await expect(measure).toContainText("The trajectory expects 47.4% on 31 May 2019.");
  const suggested = measure.locator(".govuk-summary-list__row", { hasText: "Suggested status" });
  await expect(suggested.locator(".govuk-tag")).toHaveText(["Amber", "Not started"]);
  await measure.getByText("The figures in a table").click();
  await expect(measure.getByRole("table")).toContainText("Case file audit tool");
  await checkPage(page, info, "action-measures");

  await page.goto("/plans/1");
  const table = page.getByRole("table", { name: "Measures of the plan" });
  await expect(table.getByRole("row", { name: /Audits rated at least good/ })).toContainText("Behind the trajectory");
  await checkPage(page, info, "dashboard-measures");
});
