import { expect, test } from "@playwright/test";
import { checkPage, heading, menuLink, newOwner, PASSWORD, signIn, USERS } from "./support";

test("signing in with an empty password shows an error summary linked to the field", { tag: "@phone" }, async ({ page }, info) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await checkPage(page, info, "sign-in");
  await page.getByLabel("Email address").fill(USERS.owner);
  await page.getByRole("button", { name: "Sign in" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle("Error: Sign in – actionplan");
  await expect(page.locator("#password-error")).toContainText("Enter your password");
  await checkPage(page, info, "sign-in-error");
  await summary.getByRole("link", { name: "Enter your password" }).click();
  await expect(page.getByLabel("Password")).toBeFocused();
});

test("an ended session sends the user to sign in with a message, and back to the page afterwards", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "owner");
  await page.goto("/actions/4");
  await expect(heading(page)).toContainText("Action 1.4");
  // The page's own sections (measures, board decisions) load after its heading: let them finish, or one
  // of them meets the spoilt token below and ends the session before the link is followed.
  await expect(page.getByRole("status")).toHaveCount(0);

  // What an expired or revoked token looks like to the SPA: the API answers 401.
  await page.evaluate(() => sessionStorage.setItem("actionplan.token", "expired"));
  await page.getByRole("link", { name: "Back to area 1" }).click();
  await expect(heading(page)).toHaveText("Sign in");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fareas%2F1$/);
  await expect(page.getByRole("alert")).toContainText("Your session has ended; sign in again");
  await checkPage(page, info, "session-ended");

  await page.getByLabel("Email address").fill(USERS.owner);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(heading(page)).toContainText("Area 1");
  await expect(page).toHaveURL(/\/areas\/1$/);
  await expect(page.getByRole("status")).toHaveCount(0);

  // A deleted token ends the session the same way.
  await page.evaluate(() => sessionStorage.removeItem("actionplan.token"));
  await (await menuLink(page, "My actions")).click();
  await expect(page.getByRole("alert")).toContainText("Your session has ended; sign in again");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmy-actions$/);
});

test("an officer signed in with a password signs out everywhere: another browser's session ends too", { tag: "@phone" }, async ({ page, browser, request }, info) => {
  // An officer of the test's own: signing out everywhere ends no other test's sessions.
  const officer = await newOwner(request, "Noor Haddad", []);
  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, officer);
  await signIn(page, officer);
  await page.getByRole("link", { name: "End all your sessions" }).click();
  await expect(heading(page)).toHaveText("Sign out everywhere");
  await checkPage(page, info, "sign-out-everywhere-password");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(heading(page)).toHaveText("Sign in");
  await expect(page.getByRole("alert")).toContainText("You have signed out everywhere");

  await (await menuLink(elsewhere, "Your settings")).click();
  await expect(heading(elsewhere)).toHaveText("Sign in");
  await expect(elsewhere.getByRole("alert")).toContainText("Your session has ended; sign in again");
  await elsewhere.context().close();
});
