import { describe, expect, it } from "vitest";
import { problemToFormErrors } from "../../api/problem";
import { EMPTY_DRAFT, PROPOSAL_FIELDS, proposableStatuses, proposalBody } from "./proposal-form";

describe("proposalBody", () => {
  it("sends the status and commentary", () => {
    expect(proposalBody({ ...EMPTY_DRAFT, toStatus: "green", commentary: "Audits show 62%" }))
      .toEqual({ to_status: "green", commentary: "Audits show 62%" });
  });
  it("leaves out what was not filled in, so the API names it", () => {
    expect(proposalBody({ ...EMPTY_DRAFT, commentary: "   " })).toEqual({});
  });
  it("sends the exception report with Red only", () => {
    const red = { ...EMPTY_DRAFT, toStatus: "red", commentary: "c", reason: "No placements", mitigation: "Framework", revised: { day: "30", month: "6", year: "2020" } };
    expect(proposalBody(red)).toEqual({ to_status: "red", commentary: "c", exception_reason: "No placements",
      exception_mitigation: "Framework", revised_due_on: "2020-06-30" });
    expect(proposalBody({ ...red, toStatus: "amber" })).toEqual({ to_status: "amber", commentary: "c" });
    expect(proposalBody({ ...EMPTY_DRAFT, toStatus: "red", commentary: "c" })).toEqual({ to_status: "red", commentary: "c" });
  });
});

describe("the API's refusal of a Red without its exception report", () => {
  it("links an error to each of the three fields", () => {
    const errors = problemToFormErrors({
      type: "t", title: "The request is not valid", status: 422, code: "invalid_proposal", detail: "Red needs the reason the action is not on track (and 2 more)",
      errors: [
        { loc: ["body", "exception_reason"], msg: "Red needs the reason the action is not on track", type: "value_error" },
        { loc: ["body", "exception_mitigation"], msg: "Red needs the mitigating actions", type: "value_error" },
        { loc: ["body", "revised_due_on"], msg: "Red needs a revised date", type: "value_error" },
      ],
    }, PROPOSAL_FIELDS);
    expect(errors.summary.map((item) => item.href)).toEqual(["#exception-reason", "#exception-mitigation", "#revised-due-on"]);
  });
});

describe("proposableStatuses", () => {
  it("offers every status but the current one", () => {
    expect(proposableStatuses("amber")).toEqual(["red", "green", "blue", "not_started"]);
  });
});
