// Phones (issue 13): below the desktop breakpoint each table row is a card, each cell under its
// column's heading. What a screen reader is given must stay a table: Chromium's accessibility tree is
// read directly, since Playwright's role queries look at the markup, not at what the browser exposes.
import { expect, test, type Page } from "@playwright/test";
import { heading, signIn } from "./support";

interface AXNode { nodeId: string; ignored: boolean; role?: { value: string }; name?: { value: string }; childIds?: string[] }

/** The roles and names under the table of this name in the browser's accessibility tree, depth first. */
async function accessibleTable(page: Page, name: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const table = nodes.find((node) => node.role?.value === "table" && node.name?.value.trim() === name);
  expect(table, `a table named "${name}" in the accessibility tree`).toBeTruthy();
  const out: string[] = [];
  const walk = (node: AXNode) => {
    if (!node.ignored && ["rowgroup", "row", "columnheader", "rowheader", "cell"].includes(node.role!.value)) {
      out.push(`${node.role!.value}: ${(node.name?.value ?? "").trim().replace(/\s+/g, " ")}`);
    }
    for (const id of node.childIds ?? []) walk(byId.get(id)!);
  };
  walk(table!);
  return out;
}

test("on a phone each action is a card with its headings shown, and a screen reader still reads a table", { tag: "@phone-only" }, async ({ page }) => {
  await signIn(page, "owner");
  await page.goto("/my-actions");
  await expect(heading(page)).toHaveText("My actions");
  const table = page.getByRole("table", { name: "Actions you own" });
  const row = table.getByRole("row", { name: /Action 1\.4/ });
  const owner = row.getByRole("cell", { name: "Amara Okafor" });

  // On screen: the cells one under another, each as wide as the card, under its heading.
  const [rowBox, ownerBox, statusBox] = [await row.boundingBox(), await owner.boundingBox(), await row.getByRole("cell").last().boundingBox()];
  expect(ownerBox!.width).toBeGreaterThan(rowBox!.width * 0.9);
  expect(statusBox!.y).toBeGreaterThan(ownerBox!.y + ownerBox!.height - 1);
  expect(rowBox!.x + rowBox!.width).toBeLessThanOrEqual(390);
  expect(await owner.evaluate((cell) => getComputedStyle(cell, "::before").content)).toContain("Owner");
  await expect(table.locator("thead")).not.toBeInViewport();

  // To a screen reader: the same table, its column headings, and cells named by their content alone
  // (the heading drawn on screen is not read a second time).
  const tree = await accessibleTable(page, "Actions you own");
  expect(tree).toEqual(expect.arrayContaining(["columnheader: Action", "columnheader: Owner", "columnheader: Next due",
    "columnheader: Status", "rowheader: Action 1.4", "cell: Amara Okafor"]));
  expect(tree.filter((line) => line.startsWith("row:")).length).toBe(5); // the headings' row and four actions
});
