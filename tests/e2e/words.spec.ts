// Nothing waits unseen: the plan's own words (context, key dates, acronyms, whole actions) are on
// screen; withdrawing evidence asks first; an inspector typing a form's address is told plainly.
import { expect, test } from "@playwright/test";
import { apiAs, checkPage, controls, heading, pdf, signIn } from "./support";

test("the plan shows its context, key dates and acronyms; lists mark acronyms and say when an action goes on", { tag: "@phone" }, async ({ page, request }, info) => {
  const api = await apiAs(request, "owner");
  const [first, ninth] = [await api.actionId("1.1"), await api.actionId("1.9")];
  await signIn(page, "owner");
  await page.getByRole("link", { name: "About this plan" }).click();
  await expect(heading(page)).toHaveText(/About this plan/);
  await expect(page.getByRole("main")).toContainText("listed nine areas for improvement");
  await expect(page.locator(".govuk-summary-list").nth(1)).toContainText("Inspection report published");
  await expect(page.locator(".govuk-summary-list").nth(1)).toContainText("14 December 2018");
  await checkPage(page, info, "plan-about");

  await page.getByRole("link", { name: "see what each stands for" }).click();
  await expect(heading(page)).toHaveText(/Acronyms used in the plan/);
  await expect(page.getByRole("main")).toContainText("Multi-agency Safeguarding Hub");
  await checkPage(page, info, "plan-glossary");

  await page.goto(`/actions/${first}`);
  await expect(page.locator('abbr[title="independent reviewing officer"]')).toHaveText("IRO");

  // Wherever the plan's words are listed, its acronyms are marked too, beside the marks of a cut text.
  const iro = 'abbr[title="independent reviewing officer"]';
  await page.goto("/plans/1");
  await expect(page.getByRole("table", { name: /Number of actions at each status/ }).locator(iro)).toHaveText("IRO");
  await page.goto("/plans/1/board-report");
  await expect(page.getByRole("table", { name: /Number of actions at each status/ }).locator(iro)).toHaveText("IRO");
  await page.goto("/areas/1");
  await expect(page.getByRole("table", { name: "Actions of area 1" }).getByRole("row", { name: /Action 1\.1/ }).locator(iro))
    .toHaveText("IRO");
  const more = page.getByRole("link", { name: "… continued (action 1.9 in full)" });
  await expect(more).toHaveAttribute("href", `/actions/${ninth}`);
  await expect(page.getByRole("link", { name: "… continued (action 1.1 in full)" })).toHaveCount(0);
});

test("withdrawing evidence asks first, and keeping it changes nothing", { tag: "@phone" }, async ({ page, request }, info) => {
  const api = await apiAs(request, "owner");
  const actionId = await api.actionId("1.4");
  const title = `Audit sample ${Date.now()}`;
  await api.upload(actionId, title, pdf(title));
  await signIn(page, "owner");
  await page.goto(`/actions/${actionId}`);
  await page.getByRole("link", { name: `Withdraw ${title}` }).click();
  await expect(heading(page)).toContainText(`Are you sure you want to withdraw “${title}”?`);
  await checkPage(page, info, "withdraw-evidence");
  await page.getByRole("link", { name: "No, keep it" }).click();
  await expect(page.getByRole("link", { name: `Withdraw ${title}` })).toBeVisible();

  await page.getByRole("link", { name: `Withdraw ${title}` }).click();
  await page.getByRole("button", { name: "Yes, withdraw it" }).click();
  await expect(page.getByRole("alert")).toContainText(`“${title}” is withdrawn`);
  await expect(page.getByRole("link", { name: `Withdraw ${title}` })).toHaveCount(0);
});

test("an empty form names every missing answer at once, in plain words", { tag: "@phone" }, async ({ page, request }, info) => {
  const actionId = await (await apiAs(request, "owner")).actionId("1.4");
  await signIn(page, "owner");
  await page.goto(`/actions/${actionId}/evidence/link`);
  await page.getByRole("button", { name: /Add/ }).click();
  const summary = page.locator(".govuk-error-summary");
  for (const text of ["Choose whether it is a web page or a case record", "Enter a title: what the evidence is",
    "Enter the date it evidences", "Say whether it contains anyone’s personal data"]) {
    await expect(summary.getByRole("link", { name: text })).toBeVisible();
  }
  await checkPage(page, info, "link-evidence-all-errors");
});

test("an inspector who types a form's address is told they may read but not change", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "inspector");
  for (const path of ["/actions/4/propose", "/actions/4/evidence/upload", "/evidence/1/withdraw"]) {
    await page.goto(path);
    await expect(heading(page)).toHaveText("You can read the plan but not change it");
    await expect(controls(page)).toHaveCount(0);
  }
  await checkPage(page, info, "inspector-refused-form");
});
