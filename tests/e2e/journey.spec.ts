// JOURNEYS.md 1, 2 and 6, as issue 7 tells the story: the owner uploads evidence and proposes
// Green; the Head of Service accepts the evidence and approves; the dashboard counts change; the
// director publishes the plan and gives the inspector access; the inspector sees the approved
// Green and its history, but not a proposal made afterwards nor a rejected document.
// Three tests, each with its own starting point made through the API (issue 14: one long journey
// took three minutes on a busy machine): what each is about happens in the browser.
import { expect, test, type Page } from "@playwright/test";
import {
  apiAs, checkPage, controls, daysAhead, expectNoApproverControls, fillDate, heading, menuLink, newOwner, newPage, openMenu, pdf,
  planTotal, PLAN_TITLE, signIn,
} from "./support";

const AUDIT = "Thematic audit summary, January 2019";

test("the owner uploads evidence for 1.4 from My actions, watching the bar fill", { tag: "@phone" }, async ({ browser }, info) => {
  const owner = await newPage(browser);
  /** Every page the owner sees is checked, and none offers to approve or review. */
  const ownerPage = async (name: string) => {
    await checkPage(owner, info, name);
    await expectNoApproverControls(owner, name);
  };

  await signIn(owner, "owner");
  await expect(heading(owner)).toContainText(PLAN_TITLE);
  await ownerPage("owner-dashboard");
  await (await menuLink(owner, "My actions")).click();
  await expect(heading(owner)).toHaveText("My actions");
  await ownerPage("owner-my-actions");
  await owner.getByRole("link", { name: "Action 1.4" }).click();
  await expect(heading(owner)).toContainText("Action 1.4");
  await ownerPage("owner-action");

  // She uploads the audit summary, marked as holding no personal data, and watches the bar fill.
  await owner.getByRole("link", { name: "Upload evidence" }).click();
  await expect(heading(owner)).toHaveText(/Upload evidence/);
  await ownerPage("evidence-upload");
  await owner.getByLabel("File").setInputFiles({ name: "thematic audit Jan 2019.pdf", mimeType: "application/pdf",
    buffer: pdf("January thematic audit", 600_000) });
  await owner.getByLabel("Title").fill(AUDIT);
  await fillDate(owner, "effective-on", { day: "31", month: "1", year: "2019" });
  await owner.getByRole("group", { name: /personal data/ }).getByLabel("No").check();
  // A slow line, so that the progress shows: 600 KB at 300 KB/s.
  const cdp = await owner.context().newCDPSession(owner);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 300 * 1024 });
  await owner.evaluate(() => {
    const seen: number[] = ((window as unknown as { seen: number[] }).seen = []);
    setInterval(() => {
      const bar = document.querySelector<HTMLProgressElement>("progress#upload-progress");
      if (bar) seen.push(bar.value);
    }, 25);
  });
  await owner.getByRole("button", { name: "Upload evidence" }).click();
  await expect(owner.getByRole("alert")).toContainText(`“${AUDIT}” is uploaded`, { timeout: 20_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = await owner.evaluate(() => (window as unknown as { seen: number[] }).seen);
  expect(seen.some((value) => value > 0 && value < 100), `progress seen: ${seen.join(", ")}`).toBeTruthy();
  expect(seen.filter((value, i) => i > 0 && value < seen[i - 1]), "the bar never goes back").toEqual([]);
  await expect(owner.getByRole("progressbar", { name: "Uploaded" })).toHaveAttribute("value", "100");
  await expect(owner.locator(".app-progress")).toContainText("100%");
  await ownerPage("evidence-uploaded");

  await owner.getByRole("link", { name: "Back to action 1.4" }).click();
  const evidence = owner.getByRole("table", { name: /Evidence for action 1.4/ });
  const row = evidence.getByRole("row", { name: new RegExp(AUDIT) });
  await expect(row).toContainText("PDF document");
  await expect(row).toContainText("31 January 2019");
  await expect(row).toContainText("Waiting for review");
  await expect(row).toContainText("None");
});

test("the owner proposes Green for 1.4 with a commentary, and it waits for a decision", { tag: "@phone" }, async ({ browser }, info) => {
  const owner = await newPage(browser);
  await signIn(owner, "owner");
  await owner.goto("/actions/4");
  await expect(heading(owner)).toContainText("Action 1.4");
  await owner.getByRole("link", { name: "Propose a status change" }).click();
  await expect(heading(owner)).toContainText("Propose a status change");
  await checkPage(owner, info, "propose");
  await expectNoApproverControls(owner, "propose");
  await owner.getByLabel("Green", { exact: true }).check();
  await owner.getByLabel("Commentary").fill("62% of audited assessments met the standard in the January thematic audit.");
  await owner.getByRole("button", { name: "Send for approval" }).click();
  await expect(owner.getByRole("alert")).toContainText("You proposed Green for action 1.4: it waits for a decision");
  await expect(owner.locator(".app-pending")).toContainText("Green proposed");
  await expect(owner.getByRole("link", { name: "Propose a status change" })).toHaveCount(0);
  await checkPage(owner, info, "owner-action-pending");
  await expectNoApproverControls(owner, "owner-action-pending");
});

test("the Head of Service rejects a draft, accepts the evidence and approves Green", { tag: "@phone" }, async ({ browser, request }, info) => {
  const [evidence, draft] = ["Quality audit, February 2019", "Draft audit notes"];
  // An owner of 3.2 with two documents on it and Green proposed, through the API.
  const priya = await newOwner(request, "Priya Shah", ["3.2"]);
  const [id] = priya.ids;
  await priya.api.upload(id, evidence, pdf("February quality audit"));
  await priya.api.upload(id, draft, pdf("Draft notes"));
  await priya.api.post(`/actions/${id}/proposals`, { to_status: "green", commentary: "The February audit met the standard." },
    (await priya.api.get(`/actions/${id}`)).etag);

  const hos = await newPage(browser);
  await signIn(hos, "hos");
  await (await menuLink(hos, "Approvals")).click();
  await expect(heading(hos)).toHaveText("Approvals");
  const queue = hos.getByRole("table", { name: /Status changes waiting for your decision/ });
  await expect(queue.getByRole("row", { name: /Action 3\.2/ })).toContainText("Not started to Green");
  await checkPage(hos, info, "approvals");

  await hos.getByRole("link", { name: `Review ${draft}` }).click();
  await expect(heading(hos)).toContainText(`Review “${draft}”`);
  await hos.getByLabel("Reject").check();
  await hos.getByRole("button", { name: "Send review" }).click();
  await expect(hos.locator(".govuk-error-summary")).toBeFocused();
  await expect(hos.locator("#note-error")).toContainText("Say why the evidence is rejected");
  await checkPage(hos, info, "review-error");
  await hos.getByLabel("Note").fill("These are working notes; upload the signed-off summary.");
  await hos.getByRole("button", { name: "Send review" }).click();
  await expect(hos.getByRole("alert")).toContainText(`You rejected “${draft}”`);
  await expect(heading(hos)).toHaveText("Approvals");

  await hos.getByRole("link", { name: `Review ${evidence}` }).click();
  await checkPage(hos, info, "review");
  await hos.getByLabel("Accept").check();
  await hos.getByRole("button", { name: "Send review" }).click();
  await expect(hos.getByRole("alert")).toContainText(`You accepted “${evidence}”`);

  await hos.getByRole("link", { name: "Decide on Green proposed for action 3.2" }).click();
  await expect(heading(hos)).toContainText("Green proposed for action 3.2");
  await expect(hos.getByRole("table", { name: /Evidence for action 3.2/ }).getByRole("row", { name: new RegExp(evidence) }))
    .toContainText("Accepted");
  await checkPage(hos, info, "proposal-decide");
  await hos.getByLabel("Approve: make it Green").check();
  await hos.getByRole("button", { name: "Send decision" }).click();
  await expect(hos.getByRole("alert")).toContainText("You approved Green for action 3.2");
  await expect(hos.getByRole("link", { name: "Decide on Green proposed for action 3.2" })).toHaveCount(0);
});

test("an approved Green shows on the owner's dashboard, in her notifications and in the action's history", { tag: "@phone" }, async ({ browser, request }, info) => {
  const owner = await newPage(browser);
  const ama = await newOwner(request, "Ama Boateng", ["2.1"]);
  const [id] = ama.ids;
  await signIn(owner, ama);
  await expect(heading(owner)).toContainText(PLAN_TITLE);
  const greenBefore = await planTotal(owner, "Green");
  // Green proposed and approved, through the API.
  const proposal = await ama.api.post(`/actions/${id}/proposals`, { to_status: "green", commentary: "Done." },
    (await ama.api.get(`/actions/${id}`)).etag);
  const hosApi = await apiAs(request, "hos");
  await hosApi.post(`/proposals/${proposal.id}/decision`, { decision: "approve" }, (await hosApi.get(`/proposals/${proposal.id}`)).etag);

  // --- The dashboard counts change: one more Green, today's point of the chart too.
  await owner.reload();
  await expect(heading(owner)).toContainText(PLAN_TITLE);
  expect(await planTotal(owner, "Green")).toBe(greenBefore + 1);
  await owner.getByText("The figures in a table").click();
  const todayRow = owner.getByRole("table", { name: /at the end of each month/ }).getByRole("row").last();
  await expect(todayRow.getByRole("cell").nth(2)).toHaveText(String(greenBefore + 1));
  await expect(owner.getByRole("img", { name: /Actions at each status/ })).toBeVisible();
  await checkPage(owner, info, "owner-dashboard-after");

  // The owner hears of it, and sees the approved history.
  const notifications = await menuLink(owner, /Notifications \d+ unread/);
  await expect(notifications).toBeVisible();
  await notifications.click();
  await expect(owner.getByRole("main")).toContainText("2.1: Green approved");
  await checkPage(owner, info, "owner-notifications");
  await owner.goto(`/actions/${id}`);
  await expect(owner.locator(".govuk-summary-list").first()).toContainText("Green");
  await expect(owner.locator(".app-history")).toContainText("Approved by Daniel Hughes");
  await checkPage(owner, info, "owner-action-approved");
});

test("the director publishes the plan and gives the inspector access, who had none", { tag: "@phone" }, async ({ browser }, info) => {
  // --- The inspector has no access yet.
  const inspector = await newPage(browser);
  await signIn(inspector, "inspector");
  await expect(heading(inspector)).toHaveText("Plans");
  await expect(inspector.getByRole("main")).toContainText("You do not have access to any plan");
  await checkPage(inspector, info, "inspector-without-access");

  // --- The director publishes the plan and gives the inspector access.
  const director = await newPage(browser);
  await signIn(director, "director");
  await (await menuLink(director, "Inspector access")).click();
  await expect(heading(director)).toContainText("Inspector access");
  await checkPage(director, info, "inspector-access");
  await director.getByRole("button", { name: "Publish the plan to inspectors" }).click();
  await expect(director.getByRole("alert")).toContainText("The plan is published to inspectors");
  await expect(director.getByRole("main")).toContainText("The plan was published to inspectors on");
  const until = daysAhead(30);
  await director.getByLabel("Inspector").selectOption({ label: "Ines Patel (inspector@actionplan.example)" });
  await fillDate(director, "expires-on", until);
  await director.getByRole("button", { name: "Give access" }).click();
  await expect(director.getByRole("alert")).toContainText("Ines Patel can read the plan");
  const grant = director.getByRole("table").filter({ hasText: "Until" }).getByRole("row", { name: /Ines Patel/ });
  await expect(grant).toContainText(until.text);
  await expect(grant).toContainText("Has access");
  await checkPage(director, info, "inspector-access-granted");
});

// The director's part above runs first (a file's tests run in order). This one publishes and
// grants through the API: publishing again changes nothing, and a grant is made only if none is live.
test("the inspector sees only what was approved, and the director sees what was read and ends the access", { tag: "@phone" }, 
  async ({ browser, request }, info) => {
    // Two people sign in and eight pages are checked: on a busy two-core machine, more than a minute.
    test.setTimeout(120_000);
    const [evidence, draft] = ["Quality audit, March 2019", "Working notes, March 2019"];
    // Approved through the API: Green on 1.5 with one document accepted and one rejected;
    // then Green proposed on 1.6, still waiting. The plan published, the inspector given access.
    const tomas = await newOwner(request, "Tomas Reid", ["1.5", "1.6"]);
    const [id15, id16] = tomas.ids;
    const accepted = await tomas.api.upload(id15, evidence, pdf("March quality audit"));
    const rejected = await tomas.api.upload(id15, draft, pdf("March working notes"));
    const proposal = await tomas.api.post(`/actions/${id15}/proposals`, { to_status: "green", commentary: "The March audit met the standard." },
      (await tomas.api.get(`/actions/${id15}`)).etag);
    const hosApi = await apiAs(request, "hos");
    await hosApi.post(`/evidence/${accepted.id}/review`, { decision: "accept" });
    await hosApi.post(`/evidence/${rejected.id}/review`, { decision: "reject", note: "Working notes, not evidence." });
    await hosApi.post(`/proposals/${proposal.id}/decision`, { decision: "approve" }, (await hosApi.get(`/proposals/${proposal.id}`)).etag);
    await tomas.api.post(`/actions/${id16}/proposals`, { to_status: "green", commentary: "Pending: not yet approved" },
      (await tomas.api.get(`/actions/${id16}`)).etag);
    const directorApi = await apiAs(request, "director");
    await directorApi.post("/plans/1/publish", {});
    const inspectorApi = await apiAs(request, "inspector");
    const { body: me } = await inspectorApi.get("/users/me");
    const { body: grants } = await directorApi.get("/plans/1/inspector-grants");
    if (!grants.some((g: { inspector_id: number; live: boolean }) => g.inspector_id === me.id && g.live)) {
      await directorApi.post("/plans/1/inspector-grants", { inspector_id: me.id, expires_on: daysAhead(30).iso });
    }

    // --- The inspector reads: approved statuses and history, accepted evidence, nothing else.
    const inspector = await newPage(browser);
    await signIn(inspector, "inspector");
    await expect(heading(inspector)).toContainText(PLAN_TITLE);
    await expect((await openMenu(inspector)).getByRole("link"))
      .toHaveText(["Plan", "Board report", "Notifications", "Your settings", "Sign out"]);
    await expectReadOnly(inspector);
    await expect(inspector.getByRole("main")).not.toContainText("wait for a decision");
    await checkPage(inspector, info, "inspector-dashboard");

    await inspector.getByRole("link", { name: /^1\. Assessments/ }).click();
    await expect(heading(inspector)).toContainText("Area 1");
    await expect(inspector.getByRole("link", { name: /^Change/ })).toHaveCount(0);
    await expectReadOnly(inspector);
    await checkPage(inspector, info, "inspector-area");

    // The area page links 1.5 twice: under the outcome it serves, and in its table of actions.
    await inspector.getByRole("link", { name: /^Action\s+1\.5$/ }).click();
    await expect(heading(inspector)).toContainText("Action 1.5");
    await expect(inspector.locator(".govuk-summary-list").first()).toContainText("Green");
    const history = inspector.locator(".app-history");
    await expect(history).toContainText("Green proposed");
    await expect(history).toContainText("Approved by Daniel Hughes");
    const seenEvidence = inspector.getByRole("table", { name: /Evidence for action 1.5/ });
    await expect(seenEvidence).toContainText(evidence);
    await expect(inspector.getByRole("main")).not.toContainText(draft);
    await expect(inspector.getByRole("main")).not.toContainText("Waiting for a decision");
    await expect(inspector.getByRole("link", { name: /Upload|Propose|Record|Ask for/ })).toHaveCount(0);
    await expectReadOnly(inspector);
    await checkPage(inspector, info, "inspector-action");
    // Nor can the rejected document be had by its address: to an inspector it does not exist.
    expect(await inspectorApi.status(`/evidence/${rejected.id}`)).toBe(404);

    await inspector.goto(`/actions/${id16}`);
    await expect(heading(inspector)).toContainText("Action 1.6");
    await expect(inspector.locator(".govuk-summary-list").first()).toContainText("Not started");
    await expect(inspector.getByRole("main")).not.toContainText("Pending: not yet approved");
    await expect(inspector.getByRole("main")).not.toContainText("Green proposed");
    await expect(inspector.locator(".app-history")).toHaveCount(0);
    await expectReadOnly(inspector);

    await (await menuLink(inspector, "Board report")).click();
    await expect(heading(inspector)).toContainText("Board report as at");
    await expect(inspector.getByRole("main").getByRole("button")).toHaveText(["Print"]);
    await expect(inspector.locator("main form, main input, main select, main textarea")).toHaveCount(0);
    await expect(inspector.getByRole("main")).not.toContainText("Waiting for a decision");
    await checkPage(inspector, info, "inspector-board-report");

    // --- The director sees what the inspector read, and ends the access.
    const director = await newPage(browser);
    await signIn(director, "director");
    await (await menuLink(director, "Inspector access")).click();
    const reads = director.getByRole("table").filter({ hasText: "What they asked for" });
    await expect(reads).toContainText("Ines Patel");
    await expect(reads).toContainText(`GET /api/v1/actions/${id15}`);
    await checkPage(director, info, "inspector-reads");
    await director.getByRole("button", { name: "Revoke access for Ines Patel" }).click();
    await expect(director.getByRole("alert")).toContainText("Ines Patel can no longer read the plan");
  });

/** An inspector's page: links only, no form nor button in the main part of the page. */
async function expectReadOnly(page: Page): Promise<void> {
  await expect(controls(page)).toHaveCount(0);
}
