import { expect, test } from "@playwright/test";
import { checkPage, heading, menuLink, newOwner, signIn } from "./support";

test("an officer chooses to be reminded in actionplan only, from Your settings", { tag: "@phone" }, async ({ page, request }, info) => {
  const officer = await newOwner(request, "Rowan Remindme", []);
  await signIn(page, officer);
  await (await menuLink(page, "Your settings")).click();
  await expect(heading(page)).toHaveText("Your settings");
  const choice = page.getByRole("group", { name: "How do you want to be reminded?" });
  await expect(choice.getByLabel("In actionplan and by email")).toBeChecked();
  await checkPage(page, info, "settings-reminders");

  await choice.getByLabel("In actionplan only").check();
  await page.getByRole("button", { name: "Save reminder settings" }).click();
  await expect(page.getByRole("alert")).toContainText("You will be reminded in actionplan only.");
  await page.reload();
  await expect(page.getByRole("group", { name: "How do you want to be reminded?" }).getByLabel("In actionplan only")).toBeChecked();
});

test("the director sets when the board meets; updates fall due working days before", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "director");
  await page.getByRole("link", { name: "About this plan" }).first().click();
  await page.getByRole("link", { name: /When the board meets/ }).click();
  await expect(heading(page)).toHaveText("Board meetings and reminders");
  await checkPage(page, info, "plan-reminders");

  const meeting = page.getByRole("group", { name: "When does the board meet?" });
  await meeting.getByLabel("Day").fill("31");
  await meeting.getByLabel("Month").fill("3");
  await meeting.getByLabel("Year").fill("2099");
  await page.getByLabel("How many months between board meetings?").fill("three");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Months between meetings must be a whole number");

  await page.getByLabel("How many months between board meetings?").fill("3");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Board meetings and reminders saved");
  const first = page.getByRole("table").getByRole("row").nth(1);
  await expect(first).toContainText("31 March 2099");
  await expect(first).toContainText("24 March 2099");
});
