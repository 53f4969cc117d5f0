import { expect, test } from "@playwright/test";
import { checkPage, heading, menuLink, newPage, signIn } from "./support";

test("the director issues a service token and sees it once; an admin cannot issue one but revokes it", { tag: "@phone" }, async ({ page, browser }, info) => {
  await signIn(page, "director");
  await (await menuLink(page, "Service tokens")).click();
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
  await expect(page.getByRole("row", { name: /Corporate performance dashboard/ })).toContainText("Live");
  await expect(page.getByRole("main")).not.toContainText(token);
  await checkPage(page, info, "service-tokens");

  // The admin reads no plan, so issues no token that would; listing and revoking stay theirs.
  const admin = await newPage(browser);
  await signIn(admin, "admin");
  await (await menuLink(admin, "Service tokens")).click();
  await expect(heading(admin)).toHaveText("Service tokens");
  await expect(admin.getByRole("link", { name: "Create a service token" })).toHaveCount(0);
  await expect(admin.locator(".govuk-inset-text")).toContainText("the director or an assistant director issues them");
  await checkPage(admin, info, "service-tokens-admin");
  const row = admin.getByRole("row", { name: /Corporate performance dashboard/ });
  await row.getByRole("button", { name: "Revoke Corporate performance dashboard" }).click();
  await expect(admin.getByRole("alert")).toContainText("the token is revoked");
  await expect(admin.getByRole("row", { name: /Corporate performance dashboard/ })).toContainText("Revoked");
});

test("an admin asks for someone to become assistant director; the director is told and confirms", { tag: "@phone" }, async ({ page, browser }, info) => {
  const email = `zainab.okoro.deputy.${Date.now()}@actionplan.example`;
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Add a user" }).click();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Full name").fill("Zainab Okoro");
  await page.getByLabel("Action owner").check();
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("alert")).toContainText(`Zainab Okoro can now sign in as ${email}`);

  await page.getByRole("link", { name: "Change Zainab Okoro" }).click();
  await page.getByLabel("Assistant director").check();
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("alert")).toContainText("A director must confirm this: Zainab Okoro to become Assistant director");
  const listed = page.getByRole("row", { name: /Zainab Okoro/ });
  await expect(listed).toContainText("Action owner");
  await expect(listed).toContainText("Waiting: Assistant director");
  await page.getByRole("link", { name: "Change Zainab Okoro" }).click();
  await expect(page.locator(".govuk-summary-list")).toContainText("Assistant director, waiting for a director to confirm");
  await checkPage(page, info, "user-role-change-waiting");

  // Nobody changes their own role: the admin's own page offers no control.
  await page.getByRole("link", { name: "Back to users" }).click();
  await page.getByRole("link", { name: "Change Alex Morgan" }).click();
  await expect(page.locator(".govuk-inset-text")).toContainText("You cannot change your own role");
  await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);

  const director = await newPage(browser);
  await signIn(director, "director");
  await (await menuLink(director, /^Notifications/)).click();
  // The notice names her by her email address, one long word that must wrap on a phone.
  await expect(director.getByRole("main")).toContainText(email);
  await checkPage(director, info, "notifications-role-change");
  await director.getByRole("link", { name: "Confirm or refuse: Zainab Okoro to become assistant director" }).click();
  await expect(heading(director)).toHaveText("Role changes");
  await checkPage(director, info, "role-changes");
  await director.getByRole("button", { name: "Confirm Zainab Okoro as Assistant director" }).click();
  await expect(director.getByRole("alert")).toContainText("Zainab Okoro is now Assistant director");
  await expect(director.getByRole("main")).toContainText("No role change is waiting.");

  await page.reload();
  await page.getByRole("link", { name: "Back to users" }).click();
  await expect(page.getByRole("row", { name: /Zainab Okoro/ })).toContainText("Assistant director");
  await expect(page.getByRole("row", { name: /Zainab Okoro/ })).not.toContainText("Waiting");
});

test("an admin adds a user: a short password is pointed out at its field; then changes the role and deactivates", { tag: "@phone" }, async ({ page }, info) => {
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
