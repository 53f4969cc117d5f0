import { abbreviate, type Acronym } from "./action-text";

/** A text of the plan with its acronyms spelt out on hover and to assistive technology. */
export function AbbrText({ text, acronyms }: { text: string; acronyms: Acronym[] }) {
  return (
    <>
      {abbreviate(text, acronyms).map((segment, i) =>
        typeof segment === "string" ? segment : <abbr key={i} title={segment.meaning}>{segment.term}</abbr>)}
    </>
  );
}
