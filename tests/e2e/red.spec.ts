// JOURNEYS.md 3 and 5: action 5.2 slips; its owner proposes Red, and the form will not go without
// the exception report; the assistant director approves it and the director is told; the due date
// moves with the approval; the board report shows it, and prints on A4 without the navigation.
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { apiAs, checkPage, daysAhead, expectNoApproverControls, fillDate, heading, menuLink, newPage, signIn } from "./support";

const REASON = "No London-wide framework for adolescent placements has been agreed.";
const MITIGATION = "Spot purchasing with weekly review by the Head of Service while the framework is tendered.";

test("the owner proposes Red for 5.2 with its exception report; the assistant director approves; the board sees it",
  { tag: "@phone" }, async ({ browser, request }, info) => {
    test.setTimeout(120_000);
    const owner = await newPage(browser);
    const ad = await newPage(browser);
    const director = await newPage(browser);
    const id52 = await (await apiAs(request, "owner")).actionId("5.2");
    // The revised date may not be in the past.
    const revised = daysAhead(200);

    await signIn(owner, "owner");
    await owner.goto(`/actions/${id52}`);
    await expect(heading(owner)).toContainText("Action 5.2");
    const dueBefore = await owner.locator(".govuk-summary-list").first().getByRole("definition").nth(2).textContent();
    await owner.getByRole("link", { name: "Propose a status change" }).click();
    await owner.getByLabel("Red", { exact: true }).check();
    // Choosing Red reveals the exception report's fields.
    await expect(owner.getByLabel("Why it is off track")).toBeVisible();
    await expect(owner.getByLabel("What is being done to recover")).toBeVisible();
    await expect(owner.getByRole("group", { name: /Revised date/ })).toBeVisible();
    await checkPage(owner, info, "propose-red");
    await owner.getByLabel("Commentary").fill("Placements for adolescents are not available London-wide.");
    await owner.getByRole("button", { name: "Send for approval" }).click();

    // Refused without them: the error summary links to each field.
    const summary = owner.locator(".govuk-error-summary");
    await expect(summary).toBeFocused();
    await expect(owner).toHaveTitle("Error: Propose a status change – actionplan");
    const links = summary.getByRole("link");
    await expect(links).toHaveCount(3);
    await expect(links.nth(0)).toHaveAttribute("href", "#exception-reason");
    await expect(links.nth(1)).toHaveAttribute("href", "#exception-mitigation");
    await expect(links.nth(2)).toHaveAttribute("href", "#revised-due-on");
    await expect(owner.locator("#exception-reason-error")).toBeVisible();
    await expect(owner.locator("#exception-mitigation-error")).toBeVisible();
    await expect(owner.locator("#revised-due-on-error")).toBeVisible();
    await checkPage(owner, info, "propose-red-errors");
    await expectNoApproverControls(owner, "propose-red-errors");
    await links.nth(0).click();
    await expect(owner.getByLabel("Why it is off track")).toBeFocused();
    await links.nth(2).click();
    await expect(owner.locator("#revised-due-on")).toBeFocused();

    await owner.getByLabel("Why it is off track").fill(REASON);
    await owner.getByLabel("What is being done to recover").fill(MITIGATION);
    await fillDate(owner, "revised-due-on", revised);
    await owner.getByRole("button", { name: "Send for approval" }).click();
    await expect(owner.getByRole("alert")).toContainText("You proposed Red for action 5.2: it waits for a decision");
    await expectNoApproverControls(owner, "action-5.2-pending");

    // The assistant director signs it off from her queue.
    await signIn(ad, "ad");
    await (await menuLink(ad, "Approvals")).click();
    await ad.getByRole("link", { name: "Decide on Red proposed for action 5.2" }).click();
    await expect(heading(ad)).toContainText("Red proposed for action 5.2");
    await expect(ad.getByRole("main")).toContainText(REASON);
    await expect(ad.getByRole("main")).toContainText(MITIGATION);
    await expect(ad.getByRole("main")).toContainText(revised.text);
    await checkPage(ad, info, "proposal-decide-red");
    await ad.getByLabel("Approve: make it Red").check();
    await ad.getByRole("button", { name: "Send decision" }).click();
    await expect(ad.getByRole("alert")).toContainText("You approved Red for action 5.2");

    // The due date moved with the approval.
    await owner.reload();
    const facts = owner.locator(".govuk-summary-list").first();
    await expect(facts).toContainText("Red");
    await expect(facts).toContainText(`${revised.text} (re-scheduled with approval; first planned for ${dueBefore}`);

    // The director is told.
    await signIn(director, "director");
    const notifications = await menuLink(director, /^Notifications \d+ unread$/);
    await expect(notifications).toBeVisible();
    await notifications.click();
    await expect(heading(director)).toHaveText("Notifications");
    const told = director.locator(".app-notifications__item", { hasText: "5.2 is now Red" });
    await expect(told).toContainText("Unread");
    await expect(told).toContainText(REASON);
    await checkPage(director, info, "notifications");
    await director.getByRole("button", { name: "Mark all as read" }).click();
    await expect(director.getByRole("alert")).toContainText("All your notifications are marked as read");
    await expect(await menuLink(director, /^Notifications$/)).toBeVisible();
    await expect(director.getByRole("main")).toContainText("You have no unread notifications.");

    // The board report as at today: 5.2 moved to Red, with its exception report; one re-scheduled.
    await (await menuLink(director, "Board report")).click();
    await expect(heading(director)).toContainText("Board report as at");
    const moved = director.getByRole("table", { name: /status changed since/ });
    await expect(moved.getByRole("row", { name: /5\.2/ })).toContainText("Not started");
    await expect(moved.getByRole("row", { name: /5\.2/ })).toContainText("Red");
    const red = director.getByRole("region", { name: /Action 5\.2/ });
    await expect(red).toContainText(REASON);
    await expect(red).toContainText(MITIGATION);
    await expect(red).toContainText(revised.text);
    await expect(director.getByRole("main")).toContainText(/[1-9]\d* actions? (was|were) re-scheduled with approval/);
    await checkPage(director, info, "board-report");

    // As at the March 2019 board, compared with December's: only what the plan as issued stated Blue.
    await fillDate(director, "as-of", { day: "31", month: "3", year: "2019" });
    await fillDate(director, "since", { day: "31", month: "12", year: "2018" });
    await director.getByRole("button", { name: "Show the report" }).click();
    await expect(heading(director)).toContainText("Board report as at 31 March 2019");
    await expect(director).toHaveURL(/as_of=2019-03-31&since=2018-12-31/);
    const movedThen = director.getByRole("table", { name: /Actions whose approved status changed/ });
    await expect(movedThen.locator("tbody tr")).toHaveCount(6);
    await expect(movedThen).toContainText("2.5");
    await expect(director.getByRole("main")).toContainText("No action was Red.");
    await checkPage(director, info, "board-report-march-2019");

    // An impossible date is pointed out at its field.
    await fillDate(director, "as-of", { day: "31", month: "2", year: "2019" });
    await director.getByRole("button", { name: "Show the report" }).click();
    await expect(director.locator(".govuk-error-summary")).toBeFocused();
    await expect(director.locator("#as-of-error")).toContainText("The date must be a real date");
    await director.goto("/plans/1/board-report?as_of=2019-03-31&since=2018-12-31");
    await expect(heading(director)).toContainText("Board report as at 31 March 2019");

    // Printed: the report without the header, navigation, form or buttons, on A4.
    await director.emulateMedia({ media: "print" });
    await expect(director.getByRole("banner")).toBeHidden();
    await expect(director.getByRole("navigation", { name: "Menu" })).toBeHidden();
    await expect(director.getByRole("button", { name: "Print" })).toBeHidden();
    await expect(director.locator("main form")).toBeHidden();
    await expect(director.getByRole("table", { name: /by area/ })).toBeVisible();
    await director.screenshot({ path: path.join(info.project.outputDir, "screenshots", "board-report-print.png"), fullPage: true });
    await director.emulateMedia({ media: "screen" });
    const printed = await director.pdf({ format: "A4", printBackground: true });
    fs.writeFileSync(path.join(info.project.outputDir, "screenshots", "board-report-march-2019.pdf"), printed);
    expect(printed.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = (printed.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // Four since the report lists the plan's measures (one line each) after its statuses.
    expect(pages, "the board's first page fits on a few sheets of A4").toBeLessThanOrEqual(4);
  });
