import { paths } from "../../router/routes";
import { abbreviate, continues, summary, type Acronym } from "./action-text";

/** A text of the plan with its acronyms spelt out on hover and to assistive technology. */
export function AbbrText({ text, acronyms }: { text: string; acronyms: Acronym[] }) {
  return (
    <>
      {abbreviate(text, acronyms).map((segment, i) =>
        typeof segment === "string" ? segment : <abbr key={i} title={segment.meaning}>{segment.term}</abbr>)}
    </>
  );
}

/**
 * What a list shows of an action: its first paragraph, acronyms marked, and a link to the rest
 * where the action goes on.
 */
export function ActionSummary({ action, acronyms }: { action: { id: number; ref: string; text: string }; acronyms: Acronym[] }) {
  return (
    <>
      <AbbrText text={summary(action.text)} acronyms={acronyms} />
      {continues(action.text) && (
        <>
          {" "}
          <a class="govuk-link" href={paths.action(action.id)}>
            … continued<span class="govuk-visually-hidden"> (action {action.ref} in full)</span>
          </a>
        </>
      )}
    </>
  );
}
