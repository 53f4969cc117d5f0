// The plan's versions: the director re-baselines the plan with its changed plan file, and anyone who reads
// the plan finds the versions and what changed between them.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkPage, heading, newPage, signIn } from "./support";

const PLAN_FILE = path.resolve(__dirname, "../../backend/actionplan/data/haringey-ofsted-action-plan-2019.yaml");
// Action 7.2, which no other journey reads: reworded, and its target restated (still due the end of May 2019).
const WORDING = ["A joint quarterly report will be produced, which", "A joint quarterly report will be produced and shared, which"];
const TARGET = ["target: By May 2019.", "target: By the end of May 2019."];
const TITLE = ["title: Haringey Children's Service Ofsted Action Plan March 2019", "title: Another plan"];

function planFile(...changes: string[][]): { name: string; mimeType: string; buffer: Buffer } {
  const text = changes.reduce((file, [from, to]) => file.replace(from, to), readFileSync(PLAN_FILE, "utf8"));
  return { name: "plan.yaml", mimeType: "application/x-yaml", buffer: Buffer.from(text) };
}

test("the director re-baselines the plan, and its versions list what changed @phone", async ({ browser }, info) => {
  const page = await newPage(browser);
  await signIn(page, "director");
  await page.goto("/plans/1");
  await page.getByRole("link", { name: "Plan versions" }).click();
  await page.getByRole("link", { name: "Re-baseline the plan" }).click();
  await expect(heading(page)).toContainText("Re-baseline the plan");
  await checkPage(page, info, "rebaseline");

  // A file that changes more than actions is refused, saying where.
  await page.getByLabel("Plan file").setInputFiles(planFile(WORDING, TITLE));
  await page.getByLabel("Why").fill("Re-baselined after the monitoring visit.");
  await page.getByRole("button", { name: "Make the new version" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("In the file at plan.title");
  await checkPage(page, info, "rebaseline-refused");

  await page.getByLabel("Plan file").setInputFiles(planFile(WORDING, TARGET));
  await page.getByRole("button", { name: "Make the new version" }).click();
  await expect(heading(page)).toContainText("Plan versions");
  await expect(page.getByRole("alert")).toContainText("Version 2 made");

  const listed = page.getByRole("table", { name: "Versions" });
  await expect(listed).toContainText("18 March 2019");
  await expect(listed).toContainText("Re-baselined after the monitoring visit.");
  const reworded = page.getByRole("table", { name: "Reworded from version 1 to version 2" });
  await expect(reworded).toContainText("7.2");
  await expect(reworded).toContainText("produced and shared");
  await expect(page.getByRole("table", { name: "Target changed from version 1 to version 2" })).toContainText("By the end of May 2019.");
  await expect(page.getByRole("table", { name: /Due date moved/ })).toHaveCount(0);
  await checkPage(page, info, "plan-versions");
  await page.context().close();

  // Anyone who reads the plan compares any two versions, either way round; only the director re-baselines.
  const owner = await newPage(browser);
  await signIn(owner, "owner");
  await owner.goto("/plans/1/versions");
  await expect(heading(owner)).toContainText("Plan versions");
  await expect(owner.getByRole("link", { name: "Re-baseline the plan" })).toHaveCount(0);
  await owner.getByLabel("From").selectOption("2");
  await owner.getByLabel("To").selectOption("1");
  await owner.getByRole("button", { name: "Compare" }).click();
  await expect(owner).toHaveURL(/\/plans\/1\/versions\?from=2&to=1$/);
  await expect(owner.getByRole("table", { name: "Reworded from version 2 to version 1" })).toContainText("7.2");
  await owner.context().close();
});
