// The fields evidence is described by, in uploads and links alike, as the API names them.
import { datePartsToIso, type DateParts } from "../../lib/dates";

export const DESCRIBE_FIELDS = {
  title: { id: "title", label: "Title", missing: "Enter a title: what the evidence is" },
  description: { id: "description", label: "Description" },
  effective_on: { id: "effective-on", label: "Date it evidences", missing: "Enter the date it evidences",
    invalid: "The date it evidences must be a real date, for example 31 1 2019" },
  expires_on: { id: "expires-on", label: "Holds good until", invalid: "The date it holds good until must be a real date, for example 31 12 2019" },
  contains_personal_data: { id: "personal-data", label: "Personal data",
    missing: "Say whether it contains anyone’s personal data" },
};

export interface Described {
  title: string;
  description: string;
  effectiveOn: DateParts;
  expiresOn: DateParts;
  /** "yes", "no", or "" while unanswered: the question has no default. */
  personalData: string;
}

export const NOT_DESCRIBED: Described = {
  title: "", description: "", personalData: "",
  effectiveOn: { day: "", month: "", year: "" }, expiresOn: { day: "", month: "", year: "" },
};

/** The described fields as the API takes them; unanswered ones left out for the API to name. */
export function describedFields(described: Described) {
  return {
    title: described.title.trim() ? described.title : undefined,
    description: described.description.trim() ? described.description : undefined,
    effective_on: datePartsToIso(described.effectiveOn) || undefined,
    expires_on: datePartsToIso(described.expiresOn) || undefined,
    contains_personal_data: described.personalData === "" ? undefined : described.personalData === "yes",
  };
}
