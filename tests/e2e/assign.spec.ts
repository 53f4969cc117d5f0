import { expect, test } from "@playwright/test";
import { checkPage, heading, menuLink, signIn } from "./support";

test("the assistant director assigns an owner to 6.1 and the area page shows it", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "ad");
  await page.getByRole("link", { name: /^6\. The quality of audits/ }).click();
  await expect(heading(page)).toContainText("Area 6");
  await expect(page.getByRole("row", { name: /Action 6\.1/ })).toContainText("No owner");

  await page.getByRole("link", { name: "Action 6.1" }).click();
  await expect(heading(page)).toContainText("Action 6.1");
  await page.getByLabel("Owner").selectOption({ label: "Daniel Hughes (Head of Service)" });
  await checkPage(page, info, "action-assign-owner");
  await page.getByRole("button", { name: "Save owner" }).click();
  await expect(page.getByRole("alert")).toContainText("Daniel Hughes now owns action 6.1");
  await expect(page.locator(".govuk-summary-list")).toContainText("Daniel Hughes");

  await page.getByRole("link", { name: "Back to area 6" }).click();
  await expect(page.getByRole("row", { name: /Action 6\.1/ })).toContainText("Daniel Hughes");
  await checkPage(page, info, "area-after-assign");
});

test("the assistant director makes a Head of Service the lead of area 6", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "ad");
  await (await menuLink(page, "Area leads")).click();
  await expect(heading(page)).toHaveText("Area leads");
  await checkPage(page, info, "area-leads");
  await page.getByRole("link", { name: "Change lead of area 6" }).click();
  await expect(heading(page)).toContainText("Who leads area 6?");
  await page.getByLabel("Daniel Hughes").check();
  await checkPage(page, info, "area-lead");
  await page.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByRole("alert")).toContainText("Daniel Hughes now leads area 6");
});
