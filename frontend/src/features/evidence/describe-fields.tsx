import { DateInput } from "../../components/date-input";
import { Radios } from "../../components/radios";
import { TextInput } from "../../components/text-input";
import { Textarea } from "../../components/textarea";
import type { FormState } from "../../lib/use-form-errors";
import type { Described } from "./evidence-fields";

/** Title, description, the date it evidences, until when it holds good, and the personal-data question. */
export function DescribeFields({ value, onChange, form }: { value: Described; onChange: (value: Described) => void; form: FormState }) {
  const set = (change: Partial<Described>) => onChange({ ...value, ...change });
  return (
    <>
      <TextInput id="title" label="Title" hint="What it is, for example 'Thematic audit summary, January 2019'. Keep personal data out of titles: they are kept even if the evidence is erased."
        value={value.title} onInput={(title) => set({ title })} error={form.error("title")} />
      <Textarea id="description" label="Description (optional)" rows={3} value={value.description}
        onInput={(description) => set({ description })} error={form.error("description")} />
      <DateInput id="effective-on" legend="Date it evidences" hint="The date, or the end of the period, it is about. For example 31 1 2019."
        value={value.effectiveOn} onInput={(effectiveOn) => set({ effectiveOn })} error={form.error("effective_on")} />
      <DateInput id="expires-on" legend="Holds good until (optional)" hint="After this day it is flagged as needing renewal."
        value={value.expiresOn} onInput={(expiresOn) => set({ expiresOn })} error={form.error("expires_on")} />
      <Radios id="personal-data" legend="Does it contain anyone’s personal data?"
        hint="For example a child’s name or a case record. Inspectors and other systems never see evidence that does."
        options={[{ value: "yes", text: "Yes" }, { value: "no", text: "No" }]} inline
        value={value.personalData} onChange={(personalData) => set({ personalData })} error={form.error("contains_personal_data")} />
    </>
  );
}
