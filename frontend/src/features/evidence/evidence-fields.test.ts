import { describe, expect, it } from "vitest";
import { problemToFormErrors } from "../../api/problem";
import { DESCRIBE_FIELDS, describedFields, NOT_DESCRIBED } from "./evidence-fields";

describe("describedFields", () => {
  it("sends what was given, the personal-data answer as a boolean", () => {
    expect(describedFields({ ...NOT_DESCRIBED, title: "Audit summary", personalData: "no",
      effectiveOn: { day: "31", month: "1", year: "2019" } })).toEqual({
      title: "Audit summary", description: undefined, effective_on: "2019-01-31", expires_on: undefined, contains_personal_data: false });
    expect(describedFields({ ...NOT_DESCRIBED, personalData: "yes" }).contains_personal_data).toBe(true);
  });
  it("leaves the personal-data question unanswered rather than guessing", () => {
    expect(describedFields(NOT_DESCRIBED).contains_personal_data).toBeUndefined();
  });
});

describe("the API's refusals of an upload, at their fields", () => {
  const fields = { file: { id: "file", label: "File", missing: "Choose the file to upload" }, ...DESCRIBE_FIELDS };
  it("names each missing field in GOV.UK's words, the unanswered personal-data question too", () => {
    const errors = problemToFormErrors({ type: "t", title: "The request is not valid", status: 422, code: "validation_failed", detail: "d",
      errors: [
        { loc: ["body", "file"], msg: "Field required: attach the file as the form field 'file'.", type: "missing" },
        { loc: ["body", "effective_on"], msg: "Input should be a valid date or datetime, month value is outside expected range of 1-12", type: "date_from_datetime_parsing" },
        { loc: ["body", "contains_personal_data"], msg: "Field required", type: "missing" },
      ] }, fields);
    expect(errors.summary).toEqual([
      { text: "Choose the file to upload", href: "#file" },
      { text: "The date it evidences must be a real date, for example 31 1 2019", href: "#effective-on" },
      { text: "Say whether it contains anyone’s personal data", href: "#personal-data" },
    ]);
  });
  it("tells a refused type or a duplicate at the file input, in the API's own words", () => {
    const refused = { type: "t", title: "Unsupported type", status: 415, code: "evidence_type_not_allowed", detail: "The file must be a PDF, a Word…" };
    expect(problemToFormErrors(refused, fields, { evidence_type_not_allowed: "file" }).fields).toEqual({ file: "The file must be a PDF, a Word…" });
  });
});
