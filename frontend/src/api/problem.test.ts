import { describe, expect, it } from "vitest";
import { fieldName, problemToFormErrors, toProblem, type Problem } from "./problem";

const signInFields = {
  username: { id: "email", label: "Email address", missing: "Enter your email address" },
  password: { id: "password", label: "Password" },
};

function problem(extra: Partial<Problem>): Problem {
  return { type: "t", title: "The request is not valid", status: 422, detail: "d", code: "validation_failed", ...extra };
}

describe("problemToFormErrors", () => {
  it("links each validation error to its field, in GOV.UK wording for a missing value", () => {
    const errors = problemToFormErrors(problem({
      errors: [
        { loc: ["body", "username"], msg: "Field required", type: "missing" },
        { loc: ["body", "password"], msg: "Field required", type: "missing" },
      ],
    }), signInFields);
    expect(errors.summary).toEqual([
      { text: "Enter your email address", href: "#email" },
      { text: "Enter password", href: "#password" },
    ]);
    expect(errors.fields).toEqual({ username: "Enter your email address", password: "Enter password" });
  });

  it("keeps the API's message for other errors, and only the first per field", () => {
    const errors = problemToFormErrors(problem({
      errors: [
        { loc: ["body", "password"], msg: "Too short", type: "value_error" },
        { loc: ["body", "password"], msg: "Too plain", type: "value_error" },
      ],
    }), signInFields);
    expect(errors.summary).toEqual([{ text: "Too short", href: "#password" }]);
  });

  it("lists errors about fields the form does not have without a link", () => {
    const errors = problemToFormErrors(problem({
      errors: [{ loc: ["body"], msg: "Invalid JSON", type: "json_invalid" }],
    }), signInFields);
    expect(errors).toEqual({ summary: [{ text: "Invalid JSON" }], fields: {} });
  });

  it("places a problem without field errors by its code when the form knows the field", () => {
    const weak = problem({ code: "weak_password", detail: "The password must be at least 12 characters." });
    expect(problemToFormErrors(weak, signInFields, { weak_password: "password" })).toEqual({
      summary: [{ text: "The password must be at least 12 characters.", href: "#password" }],
      fields: { password: "The password must be at least 12 characters." },
    });
    expect(problemToFormErrors(weak, signInFields).summary).toEqual([
      { text: "The password must be at least 12 characters." },
    ]);
  });
});

describe("problemToFormErrors for the plan's forms", () => {
  const proposal = {
    to_status: { id: "to-status", label: "Status", missing: "Choose a status" },
    revised_due_on: { id: "revised-due-on", label: "Revised date", invalid: "Revised date must be a real date" },
    url: { id: "url", label: "Web address", invalid: "Enter a web address starting with http:// or https://" },
    "case_reference.system": { id: "case-system", label: "System" },
    note: { id: "note", label: "Note" },
  };

  it("keeps the service's own words for a rule, and replaces pydantic's for a malformed value", () => {
    const errors = problemToFormErrors(problem({
      errors: [
        { loc: ["body", "revised_due_on"], msg: "Red needs a revised date", type: "value_error" },
      ],
    }), proposal);
    expect(errors.summary).toEqual([{ text: "Red needs a revised date", href: "#revised-due-on" }]);
    const malformed = problemToFormErrors(problem({
      errors: [{ loc: ["body", "revised_due_on"], msg: "Input should be a valid date or datetime, month value is outside expected range of 1-12", type: "date_from_datetime_parsing" }],
    }), proposal);
    expect(malformed.fields).toEqual({ revised_due_on: "Revised date must be a real date" });
    const unreadable = problemToFormErrors(problem({ code: "invalid_date",
      errors: [{ loc: ["query", "revised_due_on"], msg: "day is out of range for month", type: "value_error" }] }), proposal);
    expect(unreadable.fields).toEqual({ revised_due_on: "Revised date must be a real date" });
  });

  it("finds the field behind pydantic's union branches, once", () => {
    const errors = problemToFormErrors(problem({
      errors: [
        { loc: ["body", "url", "constrained-str"], msg: "String should match pattern '^https?://'", type: "string_pattern_mismatch" },
        { loc: ["body", "url", "none"], msg: "Input should be None", type: "none_required" },
        { loc: ["body", "case_reference", "CaseReference", "system"], msg: "String should have at least 1 character", type: "string_too_short" },
      ],
    }), proposal);
    expect(errors.summary).toEqual([
      { text: "Enter a web address starting with http:// or https://", href: "#url" },
      { text: "String should have at least 1 character", href: "#case-system" },
    ]);
  });

  it("places an error about the whole body by its type, and drops pydantic's 'Value error, '", () => {
    const missingNote = problem({ errors: [{ loc: ["body"], msg: "say why the evidence is rejected in note", type: "missing_note" }] });
    expect(problemToFormErrors(missingNote, proposal, { missing_note: "note" }).summary)
      .toEqual([{ text: "Say why the evidence is rejected in note", href: "#note" }]);
    const either = problem({ errors: [{ loc: ["body"], msg: "Value error, give either url or case_reference", type: "value_error" }] });
    expect(problemToFormErrors(either, proposal).summary).toEqual([{ text: "Give either url or case_reference" }]);
  });

  it("tells a conflict in its detail, at the field its code is about", () => {
    const duplicate = problem({ status: 409, code: "evidence_duplicate", detail: "This file is already evidence 1 on action 1.4.",
      errors: [{ loc: ["body"], msg: "Same as evidence 1", type: "duplicate" }] });
    expect(problemToFormErrors(duplicate, { file: { id: "file", label: "File" } }, { evidence_duplicate: "file" }).summary)
      .toEqual([{ text: "This file is already evidence 1 on action 1.4.", href: "#file" }]);
  });
});

describe("fieldName", () => {
  it("names a field without where it was sent", () => {
    expect(fieldName(["body", "title"])).toBe("title");
    expect(fieldName(["query", "as_of"])).toBe("as_of");
    expect(fieldName(["body"])).toBe("");
  });
  it("keeps list positions and nested names", () => {
    expect(fieldName(["body", "case_reference", "reference"])).toBe("case_reference.reference");
    expect(fieldName(["body", "items", 0, "name"])).toBe("items.0.name");
  });
});

describe("toProblem", () => {
  it("passes a problem document through", () => {
    const p = problem({ status: 409, code: "conflict" });
    expect(toProblem(p, 409)).toBe(p);
  });
  it("explains a lost connection and an answer that is not a problem document", () => {
    expect(toProblem(undefined, 0).code).toBe("network_error");
    expect(toProblem("<html>Bad gateway</html>", 502)).toMatchObject({ status: 502, code: "unexpected_response" });
  });
});
