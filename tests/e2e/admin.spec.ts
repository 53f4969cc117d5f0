import { expect, test } from "@playwright/test";
import { checkPage, heading, signIn } from "./support";

test("an admin creates a service token and sees it once", async ({ page }, info) => {
  await signIn(page, "admin");
  await expect(heading(page)).toHaveText("Users");
  await page.getByRole("link", { name: "Service tokens" }).click();
  await expect(heading(page)).toHaveText("Service tokens");
  await checkPage(page, info, "service-tokens-empty");

  await page.getByRole("link", { name: "Create a service token" }).click();
  await checkPage(page, info, "service-token-new");
  await page.getByLabel("Name").fill("Corporate performance dashboard");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(heading(page)).toHaveText("Copy the token now");
  await expect(page.locator(".govuk-warning-text")).toContainText("This is the only time the token is shown");
  const token = (await page.locator("#service-token").textContent())!.trim();
  expect(token.length).toBeGreaterThan(20);
  await checkPage(page, info, "service-token-shown-once");

  await page.getByRole("link", { name: /back to service tokens/ }).click();
  const row = page.getByRole("row", { name: /Corporate performance dashboard/ });
  await expect(row).toContainText("Live");
  await expect(page.getByRole("main")).not.toContainText(token);
  await checkPage(page, info, "service-tokens");

  await row.getByRole("button", { name: "Revoke Corporate performance dashboard" }).click();
  await expect(page.getByRole("alert")).toContainText("the token is revoked");
  await expect(page.getByRole("row", { name: /Corporate performance dashboard/ })).toContainText("Revoked");
});

test("an admin adds a user: a short password is pointed out at its field; then changes the role and deactivates", async ({ page }, info) => {
  const email = `new.officer.${Date.now()}@actionplan.example`;
  await signIn(page, "admin");
  await checkPage(page, info, "users");
  await page.getByRole("link", { name: "Add a user" }).click();
  await expect(heading(page)).toHaveText("Add a user");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Full name").fill("Nia Campbell");
  await page.getByLabel("Action owner").check();
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Add user" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle("Error: Add a user – actionplan");
  const link = summary.getByRole("link", { name: "Use at least 12 characters" });
  await expect(page.locator("#password-error")).toContainText("Use at least 12 characters");
  await checkPage(page, info, "add-user-error");
  await link.click();
  await expect(page.getByLabel("Password")).toBeFocused();

  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("alert")).toContainText(`Nia Campbell can now sign in as ${email}`);
  await page.getByRole("link", { name: "Change Nia Campbell" }).click();
  await expect(heading(page)).toContainText("Nia Campbell");
  await checkPage(page, info, "user");
  await page.getByLabel("Head of Service").check();
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("alert")).toContainText("Nia Campbell's role is now Head of Service");
  await expect(page.getByRole("row", { name: /Nia Campbell/ })).toContainText("Head of Service");

  await page.getByRole("link", { name: "Change Nia Campbell" }).click();
  await page.getByRole("button", { name: "Deactivate account" }).click();
  await expect(page.getByRole("alert")).toContainText("Nia Campbell's account is deactivated");
  await expect(page.getByRole("row", { name: /Nia Campbell/ })).toContainText("Deactivated");
});
