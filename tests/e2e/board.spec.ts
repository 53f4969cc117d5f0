import { expect, test } from "@playwright/test";
import { checkPage, fillDate, heading, newPage, signIn } from "./support";

const COMMENTARY = "Quality of practice: 44% of audits rated good in May, behind the trajectory; a second audit round is booked.";

test("the improvement board: schedule a meeting, commentary written, reviewed and published, a decision, papers closed", { tag: "@phone" }, async ({ page, browser }, info) => {
  test.setTimeout(240_000); // the meeting pack's PDF is laid out by the server's worker meanwhile
  // The director schedules the board.
  await signIn(page, "director");
  await page.goto("/plans/1");
  await page.getByRole("link", { name: "Board meetings" }).click();
  await expect(heading(page)).toContainText("Board meetings");
  await page.getByRole("link", { name: "Schedule a meeting" }).click();
  await fillDate(page, "held-on", { day: "17", month: "7", year: "2019" });
  await page.getByLabel("Title (optional)").fill("Board journey review");
  await page.getByLabel("Attendees (optional)").fill("Cllr Brabazon (chair)\nAnn Graham, Director");
  await page.getByRole("button", { name: "Schedule the meeting" }).click();
  await expect(heading(page)).toContainText("Board journey review, 17 July 2019");
  const meetingUrl = page.url();
  await checkPage(page, info, "board-meeting");

  // The area's lead writes the commentary for area 1.
  const hos = await newPage(browser);
  await signIn(hos, "hos");
  await hos.goto(meetingUrl);
  await hos.getByRole("link", { name: "Write commentary for area 1" }).click();
  await hos.getByLabel("Commentary for the board").fill(COMMENTARY);
  await hos.getByRole("button", { name: "Save and send for review" }).click();
  await expect(hos.getByText("Commentary saved and sent for review")).toBeVisible();
  await expect(hos.getByRole("main")).toContainText("Draft, waiting for review");

  // An assistant director finds it among their approvals, reviews and publishes it.
  const ad = await newPage(browser);
  await signIn(ad, "ad");
  await ad.goto("/approvals");
  await ad.getByRole("link", { name: "Review the commentary for area 1" }).first().click();
  await expect(ad.locator(".govuk-inset-text")).toHaveText(COMMENTARY);
  await ad.getByRole("button", { name: "Mark as reviewed" }).click();
  await expect(ad.getByText("Commentary for area 1 reviewed")).toBeVisible();
  await ad.getByRole("button", { name: "Publish" }).click();
  await expect(ad.getByText("Commentary for area 1 published")).toBeVisible();
  await checkPage(ad, info, "board-commentary");

  // The director records a decision about 1.4; it shows on the action.
  await page.reload();
  await expect(page.getByRole("link", { name: "Published (area 1)" })).toBeVisible();
  await page.getByRole("link", { name: "Record a decision" }).click();
  await page.getByLabel("What did the meeting decide?").fill("Bring the audit trajectory for 1.4 to the next board");
  await page.getByLabel("Actions it concerns (optional)").fill("1.4");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByText("Decision 1 recorded")).toBeVisible();
  // A decision about a whole area.
  await page.getByRole("link", { name: "Record a decision" }).click();
  await page.getByLabel("What did the meeting decide?").fill("Review caseloads across area 2 at the next board");
  await page.getByLabel("Areas it concerns (optional)").fill("2");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByText("Decision 2 recorded")).toBeVisible();
  await expect(page.getByRole("table", { name: "Decisions of this meeting" })).toContainText("Area 2");
  await page.goto("/actions/4");
  await expect(page.getByRole("table", { name: "Board decisions about this action" }))
    .toContainText("Bring the audit trajectory for 1.4 to the next board");

  // Closing the papers asks first, then freezes the pack, which downloads.
  await page.goto(meetingUrl);
  await page.getByRole("button", { name: "Close the papers" }).click();
  await page.getByRole("button", { name: "Yes, close the papers" }).click();
  await expect(page.getByText("The papers are closed: the pack is frozen")).toBeVisible();
  // Its PDF was queued when the papers closed: downloaded at once if the server's worker has laid it out,
  // else the page says it is being prepared and offers it to save when it is ready.
  const download = page.waitForEvent("download", { timeout: 120_000 });
  await page.getByRole("link", { name: "Download the pack as PDF" }).click();
  const offered = page.getByRole("link", { name: "Save the board pack PDF" });
  const first = await Promise.race([download.then(() => "downloaded"),
    offered.waitFor({ timeout: 120_000 }).then(() => "offered", () => "gone")]);
  if (first === "offered") await offered.click();
  expect((await download).suggestedFilename()).toBe("board-pack-2019-07-17.pdf");
  await checkPage(page, info, "board-meeting-closed");
  await hos.context().close();
  await ad.context().close();
});
