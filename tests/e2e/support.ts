// What every journey needs: signing in as a demo user, and checking each page it visits —
// a screenshot saved under test-results/, and axe-core finding no WCAG 2.2 AA violation.
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Browser, type Locator, type Page, type TestInfo } from "@playwright/test";
import path from "node:path";

export const PASSWORD = process.env.E2E_PASSWORD!;

export const USERS = {
  owner: "owner@actionplan.example",
  hos: "hos@actionplan.example",
  ad: "ad@actionplan.example",
  director: "director@actionplan.example",
  inspector: "inspector@actionplan.example",
  admin: "admin@actionplan.example",
};

export const PLAN_TITLE = "Haringey Children's Service Ofsted Action Plan March 2019";

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export function heading(page: Page): Locator {
  return page.getByRole("heading", { level: 1 });
}

/** A demo user, or one a test made for itself (see `newOwner`). */
export type Who = keyof typeof USERS | { email: string; password: string };

function credentials(who: Who): { email: string; password: string } {
  return typeof who === "string" ? { email: USERS[who], password: PASSWORD } : who;
}

export async function signIn(page: Page, who: Who): Promise<void> {
  const { email, password } = credentials(who);
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(heading(page)).not.toHaveText("Sign in");
}

/**
 * Waits for the page to settle, checks that it fits the window's width (nothing to scroll sideways to,
 * WCAG 1.4.10 at phone width), saves its screenshot, and runs axe on it.
 */
export async function checkPage(page: Page, info: TestInfo, name: string): Promise<void> {
  await expect(heading(page)).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0); // nothing still loading
  await expect(page).toHaveTitle(/ – actionplan$/);
  await expectNoSidewaysScroll(page, name);
  await page.screenshot({ path: path.join(info.project.outputDir, "screenshots", `${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${name}`).toEqual([]);
}

/**
 * The page is no wider than the window: `scrollWidth` within the viewport's width (on a phone the
 * browser may widen its layout viewport to fit, so `innerWidth` alone would hide an overflow). The
 * message names the elements that stick out.
 */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const width = page.viewportSize()!.width;
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // Boxes that stick out, and boxes whose text sticks out of them (a long word that does not wrap).
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
        || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
          && el.getBoundingClientRect().left + el.scrollWidth > document.documentElement.clientWidth + 1))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (${Math.round(el.getBoundingClientRect().left + Math.max(el.scrollWidth, el.getBoundingClientRect().width))} px)`),
  }));
  expect(Math.max(scrollWidth, innerWidth), `${where} scrolls sideways at ${width} px: ${wide.join(", ")}`).toBeLessThanOrEqual(width);
}

/**
 * A link of the menu. On a phone GOV.UK's service navigation folds its links behind a "Menu" button,
 * which a person presses first.
 */
export async function menuLink(page: Page, name: string | RegExp): Promise<Locator> {
  return (await openMenu(page)).getByRole("link", { name });
}

/** The menu, unfolded first where it is folded (on a phone). */
export async function openMenu(page: Page): Promise<Locator> {
  const menu = page.getByRole("navigation", { name: "Menu" });
  const toggle = menu.getByRole("button", { name: "Menu" });
  if (await toggle.isVisible() && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  return menu;
}

/** The controls a read-only page must not have: anything to fill in, choose or press. */
export function controls(page: Page): Locator {
  return page.locator("main").locator("form, input, select, textarea, button:visible");
}

/** Presses Tab (or Shift+Tab) until the target has focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, limit = 60, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target} never took focus after ${limit} presses of ${key}`);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date some days ahead, as the date input takes it and as the page writes it. */
export function daysAhead(days: number): { day: string; month: string; year: string; text: string; iso: string } {
  const date = new Date(Date.now() + days * 86_400_000);
  const [day, month, year] = [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()];
  return { day: String(day), month: String(month), year: String(year), text: `${day} ${MONTHS[month - 1]} ${year}`,
    iso: date.toISOString().slice(0, 10) };
}

/** A page in a browser context of its own (axe needs one, and each person signs in separately). */
export async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Fills a GOV.UK date input by the id of its day field. */
export async function fillDate(page: Page, id: string, date: { day: string; month: string; year: string }): Promise<void> {
  await page.locator(`#${id}`).fill(date.day);
  await page.locator(`#${id}-month`).fill(date.month);
  await page.locator(`#${id}-year`).fill(date.year);
}

/**
 * A small real PDF: the header the backend's type detection reads (`%PDF-`), a catalogue, and
 * `text` so that each file differs (the same content twice on an action is refused as a duplicate).
 * `size` pads it with comment lines, for an upload slow enough to watch.
 */
export function pdf(text: string, size = 0): Buffer {
  const head = `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n`;
  const tail = "trailer << /Root 1 0 R >>\n%%EOF\n";
  const line = `% ${"x".repeat(76)}\n`;
  const padding = line.repeat(Math.max(0, Math.ceil((size - head.length - tail.length) / line.length)));
  return Buffer.from(head + padding + tail, "latin1");
}

/** An approver's controls, which an action owner must never be shown. */
export async function expectNoApproverControls(page: Page, where: string): Promise<void> {
  // Whole words: the plan's own texts speak of "reviewing officers" and "decision making".
  const approving = /\b(approve|reject|review|decide|accept|send decision)\b/i;
  await expect(page.getByRole("button", { name: approving }), `approval buttons on ${where}`).toHaveCount(0);
  await expect(page.getByRole("link", { name: approving }), `approval links on ${where}`).toHaveCount(0);
  await expect(page.getByRole("radio", { name: approving }), `approval choices on ${where}`).toHaveCount(0);
}

/** The number of actions at a status in the plan, from the dashboard's table. */
export async function planTotal(page: Page, status: string): Promise<number> {
  const table = page.getByRole("table", { name: /Number of actions at each status, by area/ });
  const headers = await table.getByRole("columnheader").allTextContents();
  const column = headers.findIndex((text) => text.trim() === status);
  const row = table.getByRole("row", { name: /^All areas/ });
  return Number(await row.getByRole("cell").nth(column - 1).textContent());
}

/** The API as a demo user, for the steps of a journey that are not what the test is about. */
export async function apiAs(request: APIRequestContext, who: Who) {
  const { email, password } = credentials(who);
  const token = await request.post("/api/v1/auth/token", { form: { username: email, password } });
  expect(token.ok()).toBeTruthy();
  const headers = { Authorization: `Bearer ${(await token.json()).access_token}` };
  return {
    async get(path: string) {
      const response = await request.get(`/api/v1${path}`, { headers });
      expect(response.ok(), `GET ${path}`).toBeTruthy();
      return { body: await response.json(), etag: response.headers().etag };
    },
    async status(path: string): Promise<number> {
      return (await request.get(`/api/v1${path}`, { headers })).status();
    },
    async post(path: string, data: object, ifMatch?: string) {
      const response = await request.post(`/api/v1${path}`, { headers: { ...headers, ...(ifMatch ? { "If-Match": ifMatch } : {}) }, data });
      expect(response.ok(), `POST ${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
    async put(path: string, data: object, ifMatch: string) {
      const response = await request.put(`/api/v1${path}`, { headers: { ...headers, "If-Match": ifMatch }, data });
      expect(response.ok(), `PUT ${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
    async upload(actionId: number, title: string, file: Buffer) {
      const response = await request.post(`/api/v1/actions/${actionId}/evidence`, { headers, multipart: {
        file: { name: `${title}.pdf`, mimeType: "application/pdf", buffer: file },
        title, effective_on: "2019-01-31", contains_personal_data: "false",
      } });
      expect(response.ok(), `upload ${title}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
    /** The id of the action with this ref in the demo plan. */
    async actionId(ref: string): Promise<number> {
      const { body } = await this.get("/actions?plan_id=1&limit=500");
      return body.items.find((action: { ref: string }) => action.ref === ref).id;
    },
  };
}

/**
 * An action owner of the test's own, given these actions of the demo plan by the director: a
 * test that changes actions works on its own, whatever the other tests do to the demo's.
 */
export async function newOwner(request: APIRequestContext, name: string, refs: string[]) {
  const owner = { email: `${name.toLowerCase().replace(/\W+/g, ".")}.${Date.now()}@actionplan.example`, password: "an owner's long password" };
  const user = await (await apiAs(request, "admin")).post("/users", { ...owner, name, role: "action_owner" });
  const director = await apiAs(request, "director");
  const ids: number[] = [];
  for (const ref of refs) {
    const id = await director.actionId(ref);
    await director.put(`/actions/${id}/owner`, { owner_id: user.id }, (await director.get(`/actions/${id}`)).etag);
    ids.push(id);
  }
  return { ...owner, name, ids, api: await apiAs(request, owner) };
}
