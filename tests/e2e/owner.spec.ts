import { expect, test } from "@playwright/test";
import {
  apiAs, checkPage, expectNoApproverControls, expectNoSidewaysScroll, heading, menuLink, openMenu, PASSWORD, pdf, PLAN_TITLE, signIn, tabTo, USERS,
} from "./support";

test("the owner signs in, sees 1.4 in My actions and opens it", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "owner");
  await expect(heading(page)).toContainText(PLAN_TITLE);
  await expect(page.getByRole("banner")).toContainText("London Borough of Haringey");
  // The legend shows every status tag, so axe checks the contrast of each colour.
  await page.getByText("What the statuses mean").click();
  await expect(page.locator(".govuk-details .govuk-tag")).toHaveText(["Red", "Amber", "Green", "Blue"]);
  await checkPage(page, info, "plan-dashboard");

  await (await menuLink(page, "My actions")).click();
  await expect(heading(page)).toHaveText("My actions");
  await expect(heading(page)).toBeFocused();
  await expect(page).toHaveTitle("My actions – actionplan");
  const refs = page.getByRole("table").getByRole("rowheader");
  await expect(refs).toHaveText(["Action 1.2", "Action 1.4", "Action 3.1", "Action 5.2"]);
  await checkPage(page, info, "my-actions");

  await page.getByRole("link", { name: "Action 1.4" }).click();
  await expect(heading(page)).toContainText("Action 1.4");
  await expect(page).toHaveTitle("Action 1.4 – actionplan");
  await expect(page.locator(".govuk-inset-text").first()).toHaveText("At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.");
  const milestones = page.getByRole("table", { name: "Milestones of action 1.4" });
  await expect(milestones).toContainText("30 September 2019");
  await expect(milestones).toContainText("31 December 2019");
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Amara Okafor");
  await expect(page.locator(".govuk-summary-list").first()).toContainText("31 December 2019");
  await checkPage(page, info, "action");
});

test("the owner sees no approval, review, administration or assignment control anywhere", { tag: "@phone" }, async ({ page }, info) => {
  await signIn(page, "owner");
  const menu = await openMenu(page);
  await expect(menu.getByRole("link")).toHaveText(["Plan", "My actions", "Board report", /^Notifications/, "Your settings", "Sign out"]);

  for (const path of ["/plans/1", "/areas/1", "/actions/4", "/my-actions", "/plans/1/board-report", "/notifications",
    "/actions/4/propose", "/actions/4/evidence/upload", "/actions/4/evidence/link", "/actions/4/progress", "/actions/4/reschedule"]) {
    await page.goto(path);
    await expect(heading(page)).toBeVisible();
    await expect(page.getByRole("status")).toHaveCount(0);
    await expectNoSidewaysScroll(page, path);
    await expectNoApproverControls(page, path);
    await expect(page.getByRole("button", { name: /owner|lead|publish|revoke|give access/i }), `assignment on ${path}`).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Change/ }), `change links on ${path}`).toHaveCount(0);
  }
  await checkPage(page, info, "area");

  // The API refuses them too: the page says so instead of showing a form.
  for (const path of ["/admin/users", "/admin/service-tokens", "/plans/1/inspector-access", "/approvals"]) {
    await page.goto(path);
    await expect(heading(page)).toHaveText("You cannot see this page");
    await expect(page.locator("main").locator("form, input, select, textarea, button")).toHaveCount(0);
  }
  await checkPage(page, info, "forbidden");
});

test("the owner's journey works by keyboard alone: upload evidence, propose Amber, withdraw it", async ({ page }) => {
  await page.goto("/");
  await expect(heading(page)).toHaveText("Sign in");
  await tabTo(page, page.getByLabel("Email address"));
  await page.keyboard.type(USERS.owner);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText(PLAN_TITLE);
  await expect(heading(page)).toBeFocused();

  // The menu is above the focused heading: back up to it, as a keyboard user would.
  await tabTo(page, page.getByRole("link", { name: "My actions" }), 60, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(heading(page)).toHaveText("My actions");
  await expect(heading(page)).toBeFocused();

  await tabTo(page, page.getByRole("link", { name: "Action 1.2" }));
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText("Action 1.2");
  await expect(heading(page)).toBeFocused();

  // Upload: the file is chosen with the file input focused (the system's file dialog cannot be driven).
  await tabTo(page, page.getByRole("link", { name: "Upload evidence" }));
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText("Upload evidence");
  const file = page.getByLabel("File");
  await tabTo(page, file);
  await file.setInputFiles({ name: "practice-standards.pdf", mimeType: "application/pdf", buffer: pdf("Practice standards on Tri.x") });
  await tabTo(page, page.getByLabel("Title"));
  await page.keyboard.type("Practice standards published on Tri.x");
  await tabTo(page, page.locator("#effective-on"));
  await page.keyboard.type("1");
  await page.keyboard.press("Tab");
  await page.keyboard.type("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2019");
  // The personal-data question has no default: Tab reaches its first radio; an arrow key chooses the next.
  await tabTo(page, page.getByRole("radio", { name: "Yes" }));
  await expect(page.getByRole("radio", { name: "Yes" })).not.toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "No" })).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Upload evidence" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("“Practice standards published on Tri.x” is uploaded");
  await expect(page.getByRole("progressbar", { name: "Uploaded" })).toHaveAttribute("value", "100");

  await tabTo(page, page.getByRole("link", { name: "Back to action 1.2" }));
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText("Action 1.2");
  await expect(page.getByRole("table", { name: /Evidence for action 1.2/ })).toContainText("Practice standards published on Tri.x");

  // Propose Amber: Tab reaches the first status, arrow keys move to Amber.
  await tabTo(page, page.getByRole("link", { name: "Propose a status change" }));
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText("Propose a status change");
  await tabTo(page, page.getByRole("radio", { name: "Red" }));
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Why it is off track")).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Amber" })).toBeChecked();
  await expect(page.getByLabel("Why it is off track")).toBeHidden();
  await tabTo(page, page.getByLabel("Commentary"));
  await page.keyboard.type("Standards are published; training starts in April.");
  await tabTo(page, page.getByRole("button", { name: "Send for approval" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("You proposed Amber for action 1.2");

  // And withdraws it again, with the space bar.
  await tabTo(page, page.getByRole("button", { name: "Withdraw this proposal" }));
  await page.keyboard.press("Space");
  await expect(page.getByRole("alert")).toContainText("You withdrew your proposal for action 1.2");
  await expect(page.locator(".app-history")).toContainText("Withdrawn");

  // The banner above the heading has focus; the back link is above it.
  await tabTo(page, page.getByRole("link", { name: "Back to area 1" }), 10, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(heading(page)).toContainText("Area 1: Assessments");

  await tabTo(page, page.getByRole("link", { name: "Sign out" }));
  await page.keyboard.press("Enter");
  await expect(heading(page)).toHaveText("Sign in");
  await expect(page.getByRole("alert")).toContainText("You have signed out");
});

test("a change made meanwhile is refused with a message that says to reload, not overwritten", { tag: "@phone" }, async ({ page, request }, info) => {
  const api = await apiAs(request, "owner");
  const id = await api.actionId("1.2");
  await signIn(page, "owner");
  await page.goto(`/actions/${id}/progress`);
  await expect(heading(page)).toContainText("Record progress");
  await page.getByLabel("What has happened?").fill("Standards shared at the practice forum.");

  // Someone records progress on the same action while the form is open.
  const read = await api.get(`/actions/${id}`);
  await api.post(`/actions/${id}/progress`, { text: "Recorded elsewhere meanwhile." }, read.etag);

  await page.getByRole("button", { name: "Record progress" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Someone changed this action since you opened it. Reload the page to see the change.");
  await checkPage(page, info, "progress-stale");

  await page.reload();
  await page.getByLabel("What has happened?").fill("Standards shared at the practice forum.");
  await page.getByRole("button", { name: "Record progress" }).click();
  await expect(page.getByRole("alert")).toContainText("Progress recorded on action 1.2");
  const history = page.locator(".app-history");
  await expect(history).toContainText("Recorded elsewhere meanwhile.");
  await expect(history).toContainText("Standards shared at the practice forum.");
});
