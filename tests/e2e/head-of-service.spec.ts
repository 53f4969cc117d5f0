// JOURNEYS.md 2 and 3 from the side of action 1.7, which the Head of Service owns: he adds a link as
// evidence, asks for a new due date and proposes Amber; he cannot decide either himself; the
// assistant director approves the new date, and the action shows it "re-scheduled with approval".
import { expect, test } from "@playwright/test";
import { apiAs, checkPage, daysAhead, fillDate, heading, menuLink, newPage, signIn } from "./support";

test("the Head of Service's own action: a linked document, a new due date the assistant director approves, a proposal he cannot decide",
  { tag: "@phone" }, async ({ browser, request }, info) => {
    test.setTimeout(90_000);
    const hos = await newPage(browser);
    const ad = await newPage(browser);
    const id17 = await (await apiAs(request, "hos")).actionId("1.7");
    const newDate = daysAhead(120);

    await signIn(hos, "hos");
    await hos.goto(`/actions/${id17}`);
    await expect(heading(hos)).toContainText("Action 1.7");

    // A link, not a file: a wrong address is pointed out at its field.
    await hos.getByRole("link", { name: "Add a link to evidence" }).click();
    await expect(heading(hos)).toContainText("Add a link to evidence");
    await hos.getByLabel("On a web page").check();
    await hos.getByLabel("Web address").fill("ftp://intranet.haringey.example/training");
    await hos.getByLabel("Title").fill("Training programme for assessment standards");
    await fillDate(hos, "effective-on", { day: "1", month: "4", year: "2019" });
    await hos.getByRole("button", { name: "Add evidence" }).click();
    const summary = hos.locator(".govuk-error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: /Enter a web address starting with http/ })).toHaveAttribute("href", "#url");
    await expect(summary.getByRole("link", { name: "Say whether it contains anyone’s personal data" })).toHaveAttribute("href", "#personal-data");
    await checkPage(hos, info, "evidence-link-errors");
    await hos.getByLabel("Web address").fill("https://intranet.haringey.example/training");
    await hos.getByRole("group", { name: /personal data/ }).getByLabel("No").check();
    await hos.getByRole("button", { name: "Add evidence" }).click();
    await expect(hos.getByRole("alert")).toContainText("“Training programme for assessment standards” is added: it waits for review");
    const link = hos.getByRole("table", { name: /Evidence for action 1.7/ }).getByRole("row", { name: /Training programme/ });
    await expect(link).toContainText("Web page");
    // He added it: he may not review it.
    await expect(link.getByRole("link", { name: /^Review/ })).toHaveCount(0);

    // A new due date: it waits for someone else's decision.
    await hos.getByRole("link", { name: "Ask for a new due date" }).click();
    await expect(heading(hos)).toContainText("Ask for a new due date");
    await checkPage(hos, info, "reschedule-ask");
    await fillDate(hos, "to-due-on", newDate);
    await hos.getByLabel("Why should it move?").fill("The training programme starts in April; audits follow it.");
    await hos.getByRole("button", { name: "Send for approval" }).click();
    await expect(hos.getByRole("alert")).toContainText(`You asked to move action 1.7 to ${newDate.text}: it waits for a decision`);
    await expect(hos.locator(".app-history")).toContainText(`New due date asked for`);
    await expect(hos.locator(".app-history").getByRole("link", { name: /^Decide/ })).toHaveCount(0);

    // His own proposal is not his to decide: not in his queue, no decision form.
    await hos.getByRole("link", { name: "Propose a status change" }).click();
    await hos.getByLabel("Amber", { exact: true }).check();
    await hos.getByLabel("Commentary").fill("The training programme starts in April.");
    await hos.getByRole("button", { name: "Send for approval" }).click();
    await expect(hos.getByRole("alert")).toContainText("You proposed Amber for action 1.7");
    await expect(hos.getByRole("link", { name: "Decide on this proposal" })).toHaveCount(0);
    await expect(hos.getByRole("button", { name: "Withdraw this proposal" })).toBeVisible();
    await (await menuLink(hos, "Approvals")).click();
    await expect(hos.getByRole("table", { name: /Status changes waiting/ }).getByRole("row", { name: /Action 1\.7/ })).toHaveCount(0);

    // The assistant director decides the new date from the action's history.
    await signIn(ad, "ad");
    await ad.goto(`/actions/${id17}`);
    await ad.locator(".app-history").getByRole("link", { name: `Decide on the new due date ${newDate.text}` }).click();
    await expect(heading(ad)).toContainText("New due date for action 1.7");
    await ad.getByRole("button", { name: "Send decision" }).click();
    await expect(ad.locator("#decision-error")).toContainText("Choose whether to approve or reject the new date");
    await checkPage(ad, info, "reschedule-decide-error");
    await ad.getByLabel(`Approve: move the due date to ${newDate.text}`).check();
    await ad.getByRole("button", { name: "Send decision" }).click();
    await expect(ad.getByRole("alert")).toContainText(`You approved the new due date ${newDate.text} for action 1.7`);
    await expect(ad.locator(".govuk-summary-list").first()).toContainText(`${newDate.text} (re-scheduled with approval; first planned for`);
    await checkPage(ad, info, "action-rescheduled");
  });
