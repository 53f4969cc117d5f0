/** A GOV.UK tag: the word carries the meaning, the colour only repeats it. */
export function Tag({ text, colour }: { text: string; colour?: string }) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{text}</strong>;
}
