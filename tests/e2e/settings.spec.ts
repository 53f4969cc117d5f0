import { expect, test } from "@playwright/test";
import { checkPage, heading, menuLink, newOwner, signIn } from "./support";

test("an owner makes a calendar feed in their settings, gets a new address, then stops it", { tag: "@phone" }, async ({ page, request }, info) => {
  const owner = await newOwner(request, "Kwame Mensah", ["4.5"]);
  await signIn(page, owner);
  await (await menuLink(page, "Your settings")).click();
  await expect(heading(page)).toHaveText("Your settings");
  await expect(page).toHaveURL(/\/settings$/);
  // The scopes /users/me gives as codes, in words.
  const can = page.getByRole("region", { name: "What you can do" });
  await expect(can).toContainText("You are signed in as Kwame Mensah, Action owner. You can:");
  await expect(can.getByRole("listitem").filter({ hasText: "record progress on actions, only for actions you own" })).toHaveCount(1);
  const section = page.getByRole("region", { name: "Calendar feed" });
  await expect(section).toContainText("You do not have a calendar feed.");

  await section.getByRole("button", { name: "Create a calendar feed" }).click();
  const address = section.getByLabel("Your calendar address");
  await expect(address).toHaveValue(/\/api\/v1\/calendar-feeds\/cal_.+\.ics$/);
  await expect(section).toContainText("Google Calendar");
  await checkPage(page, info, "settings-calendar-feed");
  const first = await address.inputValue();
  const feed = await request.get(first); // as a calendar reads it: no sign-in
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(await feed.text()).toContain("X-WR-CALNAME:Action plan: Kwame Mensah");

  await section.getByRole("button", { name: "Get a new address" }).click();
  await section.getByRole("button", { name: "Yes, get a new address" }).click();
  await expect(address).not.toHaveValue(first);
  expect((await request.get(first)).status()).toBe(404);
  const second = await address.inputValue();

  await section.getByRole("button", { name: "Stop the feed" }).click();
  await expect(section).toContainText("Calendars that use this address will stop showing new dates.");
  await section.getByRole("button", { name: "Yes, stop the feed" }).click();
  await expect(section).toContainText("You do not have a calendar feed.");
  expect((await request.get(second)).status()).toBe(404);
});
