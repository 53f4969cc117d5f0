// Signing in with the council's identity provider: a real OpenID Connect provider (oidc-provider-mock,
// started by serve-oidc.py) in front of a second demo backend configured for it.
import { expect, test } from "@playwright/test";
import { checkPage, heading, USERS } from "./support";

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_OIDC_PORT}` });

async function signInWithCouncilAccount(page: import("@playwright/test").Page, email: string) {
  await page.getByRole("link", { name: "Sign in with your council account" }).click();
  // The provider's own page: it asks who is signing in.
  await page.getByPlaceholder("sub").fill(email);
  await page.getByRole("button", { name: "Authorize" }).click();
}

// Desktop only: both projects share this server, and signing out everywhere at one width would end the
// other's sessions of the same officer halfway through.
test("an officer signs in with the council account, lands where they were going, and signs out everywhere", async ({ page, browser }, info) => {
  await page.goto("/actions/4");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Factions%2F4$/);
  await expect(page.getByRole("link", { name: "Sign in with your council account" })).toBeVisible();
  await checkPage(page, info, "sign-in-with-council-account");
  await signInWithCouncilAccount(page, USERS.owner);
  await expect(heading(page)).toContainText("Action 1.4");
  await expect(page).toHaveURL(/\/actions\/4$/);

  // The same officer on another computer.
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto("/sign-in");
  await signInWithCouncilAccount(elsewhere, USERS.owner);
  await expect(elsewhere.getByRole("link", { name: "My actions" })).toBeVisible();

  // Not named "Sign out…": the navigation's Sign out link keeps its name to itself.
  await page.getByRole("link", { name: "End all your sessions" }).click();
  await expect(heading(page)).toHaveText("Sign out everywhere");
  await checkPage(page, info, "sign-out-everywhere");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(heading(page)).toHaveText("Sign in");
  await expect(page.getByRole("alert")).toContainText("You have signed out everywhere");

  // The other computer's token is refused at its next request.
  await elsewhere.getByRole("link", { name: "My actions" }).click();
  await expect(heading(elsewhere)).toHaveText("Sign in");
  await expect(elsewhere.getByRole("alert")).toContainText("Your session has ended; sign in again");
});

test("an answer from the provider that this tab did not ask for signs nobody in", { tag: "@phone" }, async ({ page }, info) => {
  await page.goto("/sign-in/callback?code=stolen&state=forged");
  await expect(heading(page)).toHaveText("You could not be signed in");
  await checkPage(page, info, "council-sign-in-refused");
  await page.getByRole("link", { name: "Try signing in again" }).click();
  await expect(heading(page)).toHaveText("Sign in");
  // Both ways in, the council's account and the password, fit a phone's width too.
  await expect(page.getByRole("link", { name: "Sign in with your council account" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await checkPage(page, info, "sign-in-both-ways");
});
