// Nothing waits unseen (issue 13): one approvals page with every kind of decision, covers, resubmitting,
// Blue's evidence warning, and My actions showing what waits. Each test uses actions no other spec touches.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiAs, checkPage, daysAhead, fillDate, heading, menuLink, PASSWORD, signIn } from "./support";

/** A new officer, so that covering for someone changes nobody else's pages in parallel specs. */
async function newOfficer(request: APIRequestContext, name: string): Promise<{ id: number; email: string }> {
  const admin = await apiAs(request, "admin");
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${Date.now()}@actionplan.example`;
  const user = await admin.post("/users", { email, name, role: "action_owner", password: PASSWORD });
  return { id: user.id, email };
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(heading(page)).not.toHaveText("Sign in");
}

async function bearer(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const token = await request.post("/api/v1/auth/token", { form: { username: email, password: PASSWORD } });
  return { Authorization: `Bearer ${(await token.json()).access_token}` };
}

test("a new due date and evidence with no proposal reach the Head of Service's approvals, counted in the menu", { tag: "@phone" }, async ({ page, request }, info) => {
  const director = await apiAs(request, "director");
  const id = await director.actionId("2.1");
  const action = await director.get(`/actions/${id}`);
  const date = daysAhead(90);
  const iso = `${date.year}-${date.month.padStart(2, "0")}-${date.day.padStart(2, "0")}`;
  await director.post(`/actions/${id}/reschedules`, { to_due_on: iso, reason: "The new system goes live later." }, action.etag);
  await director.post(`/actions/${id}/evidence-links`, { title: "Workforce audit 2.1", url: "https://example.org/audit",
    effective_on: "2019-01-31", contains_personal_data: false });

  await signIn(page, "hos");
  const approvals = await menuLink(page, /^Approvals \d+ waiting for your decision$/);
  await expect(approvals).toBeVisible();
  await approvals.click();
  await expect(heading(page)).toHaveText("Approvals");
  await expect(page.getByRole("heading", { name: /^New due dates \(\d+\)$/ })).toBeVisible();
  const dates = page.getByRole("table", { name: /New due dates waiting for your decision/ });
  await expect(dates.getByRole("row", { name: /Action 2\.1/ })).toContainText(date.text);
  const evidence = page.getByRole("table", { name: /Evidence waiting for your review/ });
  await expect(evidence.getByRole("row", { name: /Action 2\.1/ })).toContainText("Workforce audit 2.1");
  await checkPage(page, info, "approvals-every-kind");

  await dates.getByRole("link", { name: "Decide on the new due date for action 2.1" }).click();
  await page.getByLabel(`Approve: move the due date to ${date.text}`).check();
  await page.getByRole("button", { name: "Send decision" }).click();
  await expect(page.getByRole("alert")).toContainText(`You approved the new due date ${date.text} for action 2.1`);
});

test("a Head of Service names a cover, who is told, reviews evidence and decides in his name from the approvals page, then the cover ends", { tag: "@phone" }, async ({ browser, request }, info) => {
  // Three people sign in one after another (the approver, the cover, the approver again): on a busy
  // two-core machine that alone can take most of a minute.
  test.setTimeout(120_000);
  const deputy = await newOfficer(request, "Grace Mensah");
  const director = await apiAs(request, "director");
  const id = await director.actionId("2.2");
  const action = await director.get(`/actions/${id}`);
  await director.post(`/actions/${id}/proposals`, { to_status: "amber", commentary: "Recruitment under way." }, action.etag);
  const evidence = `Recruitment plan ${Date.now()}`;
  await director.post(`/actions/${id}/evidence-links`, { title: evidence, url: "https://example.org/recruitment",
    effective_on: "2019-01-31", contains_personal_data: false });

  const hos = await (await browser.newContext()).newPage();
  await signIn(hos, "hos");
  await (await menuLink(hos, "Cover")).click();
  await expect(heading(hos)).toHaveText("Cover for your absence");
  await hos.getByLabel("Who covers for you?").selectOption({ label: "Grace Mensah" });
  const today = daysAhead(0);
  await fillDate(hos, "starts-on", today);
  await fillDate(hos, "ends-on", daysAhead(7));
  await hos.getByRole("button", { name: "Name cover" }).click();
  await expect(hos.getByRole("alert")).toContainText("Grace Mensah covers for you");
  await expect(hos.getByRole("row", { name: /Grace Mensah/ })).toContainText("Covering now");
  await checkPage(hos, info, "cover");

  const cover = await (await browser.newContext()).newPage();
  await signInAs(cover, deputy.email);
  // She is told whom she covers and when, and the notification leads to her approvals. (Not necessarily the
  // only one: what other journeys send the Head of Service meanwhile reaches his cover too.)
  await (await menuLink(cover, /^Notifications \d+ unread/)).click();
  await cover.getByRole("link", { name: `You cover for Daniel Hughes from ${today.text} to ${daysAhead(7).text}` }).click();
  await expect(heading(cover)).toHaveText("Approvals");
  const row = cover.getByRole("table", { name: /Status changes waiting/ }).getByRole("row", { name: /Action 2\.2/ });
  await expect(row).toContainText("As Daniel Hughes’s cover");
  await checkPage(cover, info, "approvals-as-cover");
  // Evidence too, reviewed in his name.
  await expect(cover.getByRole("table", { name: /Evidence waiting/ }).getByRole("row", { name: new RegExp(evidence) }))
    .toContainText("As Daniel Hughes’s cover");
  await cover.getByRole("link", { name: `Review ${evidence}` }).click();
  await expect(cover.getByText("You review as Daniel Hughes’s cover, in their name.")).toBeVisible();
  await cover.getByLabel("Accept").check();
  await cover.getByRole("button", { name: "Send review" }).click();
  await expect(cover.getByRole("alert")).toContainText(`You accepted “${evidence}”`);
  await expect(heading(cover)).toHaveText("Approvals");
  await row.getByRole("link", { name: /^Decide/ }).click();
  await expect(cover.getByText("You decide as Daniel Hughes’s cover, in their name.")).toBeVisible();
  await cover.getByLabel("Approve: make it Amber").check();
  await cover.getByRole("button", { name: "Send decision" }).click();
  await expect(cover.getByRole("alert")).toContainText("You approved Amber for action 2.2");

  await hos.getByRole("button", { name: "End cover by Grace Mensah" }).click();
  await expect(hos.getByRole("alert")).toContainText("Grace Mensah no longer covers for you");
  await expect(hos.getByRole("row", { name: /Grace Mensah/ })).toContainText("Ended");
  await cover.goto("/approvals");
  await expect(heading(cover)).toHaveText("You cannot see this page");
});

test("the proposal form says Blue needs accepted evidence before it is sent", { tag: "@phone" }, async ({ page, request }, info) => {
  const id = await (await apiAs(request, "ad")).actionId("4.3");
  await signIn(page, "ad");
  await page.goto(`/actions/${id}/propose`);
  await page.getByLabel("Blue", { exact: true }).check();
  await expect(page.locator(".govuk-warning-text")).toContainText("Action 4.3 has no accepted evidence yet, so Blue cannot be proposed.");
  await checkPage(page, info, "propose-blue-warning");
  await page.getByLabel("Commentary").fill("All done.");
  await page.getByRole("button", { name: "Send for approval" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Upload evidence and get it accepted first");
});

test("a returned proposal is changed and sent again by its author", { tag: "@phone" }, async ({ page, request }, info) => {
  const director = await apiAs(request, "director");
  const id = await director.actionId("4.1");
  const action = await director.get(`/actions/${id}`);
  const proposal = await director.post(`/actions/${id}/proposals`, { to_status: "green", commentary: "Done." }, action.etag);
  await (await apiAs(request, "hos")).post(`/proposals/${proposal.id}/decision`,
    { decision: "return", note: "Add the audit figures." }, `"proposal-${proposal.id}-v1"`);

  await signIn(page, "director");
  await page.goto(`/proposals/${proposal.id}`);
  await expect(page.getByRole("heading", { name: "Change it and send it again" })).toBeVisible();
  await checkPage(page, info, "proposal-resubmit");
  await page.getByLabel("Commentary").fill("Done: January audits 92% good or better.");
  await page.getByRole("button", { name: "Send for approval again" }).click();
  await expect(page.getByRole("alert")).toContainText("You sent Green for action 4.1 again: it waits for a decision");
});

test("My actions shows a change waiting for a decision, not only the status that has not moved", { tag: "@phone" }, async ({ page, request }, info) => {
  const officer = await newOfficer(request, "Tom Reed");
  const ad = await apiAs(request, "ad");
  const id = await ad.actionId("4.4");
  const action = await ad.get(`/actions/${id}`);
  const assigned = await request.put(`/api/v1/actions/${id}/owner`, { headers: { ...(await bearer(request, "ad@actionplan.example")),
    "If-Match": action.etag }, data: { owner_id: officer.id } });
  expect(assigned.ok(), await assigned.text()).toBeTruthy();
  const headers = await bearer(request, officer.email);
  const proposed = await request.post(`/api/v1/actions/${id}/proposals`, { headers: { ...headers, "If-Match": assigned.headers().etag },
    data: { to_status: "amber", commentary: "Started." } });
  expect(proposed.ok(), await proposed.text()).toBeTruthy();

  await signInAs(page, officer.email);
  await (await menuLink(page, "My actions")).click();
  const row = page.getByRole("row", { name: /Action 4\.4/ });
  await expect(row).toContainText("Not started");
  await expect(row).toContainText("Amber proposed, waiting for a decision");
  await checkPage(page, info, "my-actions-waiting");
});
