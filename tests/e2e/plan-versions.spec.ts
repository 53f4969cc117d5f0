// The plan's versions: the director re-baselines the plan (through the API, as a council system or the
// command line would), and anyone who reads the plan finds the versions and what changed between them.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { apiAs, checkPage, heading, newPage, signIn } from "./support";

const PLAN_FILE = path.resolve(__dirname, "../../backend/actionplan/data/haringey-ofsted-action-plan-2019.yaml");
// Action 7.2, which no other journey reads: reworded, and its target restated (still due the end of May 2019).
const WORDING = ["A joint quarterly report will be produced, which", "A joint quarterly report will be produced and shared, which"];
const TARGET = ["target: By May 2019.", "target: By the end of May 2019."];

test("the plan's versions list the re-baseline and what it changed @phone", async ({ browser, request }, info) => {
  const director = await apiAs(request, "director");
  const versions = await director.get("/plans/1/versions");
  if (versions.body.length === 1) {
    const file = readFileSync(PLAN_FILE, "utf8").replace(WORDING[0], WORDING[1]).replace(TARGET[0], TARGET[1]);
    await director.post("/plans/1/versions", { reason: "Re-baselined after the monitoring visit.", file }, versions.etag);
  }

  const page = await newPage(browser);
  await signIn(page, "owner");
  await page.goto("/plans/1");
  await page.getByRole("link", { name: "Plan versions" }).click();
  await expect(heading(page)).toContainText("Plan versions");
  const listed = page.getByRole("table", { name: "Versions" });
  await expect(listed).toContainText("Version 1");
  await expect(listed).toContainText("18 March 2019");
  await expect(listed).toContainText("Re-baselined after the monitoring visit.");
  const reworded = page.getByRole("table", { name: "Reworded from version 1 to version 2" });
  await expect(reworded).toContainText("7.2");
  await expect(reworded).toContainText("produced and shared");
  await expect(page.getByRole("table", { name: "Target changed from version 1 to version 2" })).toContainText("By the end of May 2019.");
  await expect(page.getByRole("table", { name: /Due date moved/ })).toHaveCount(0);
  await checkPage(page, info, "plan-versions");

  // Either way round: from the new version back to the plan as submitted.
  await page.getByLabel("From").selectOption("2");
  await page.getByLabel("To").selectOption("1");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/plans\/1\/versions\?from=2&to=1$/);
  await expect(page.getByRole("table", { name: "Reworded from version 2 to version 1" })).toContainText("7.2");
  await page.context().close();
});
