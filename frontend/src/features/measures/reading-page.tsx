import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { TextInput } from "../../components/text-input";
import { Textarea } from "../../components/textarea";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { isoToParts } from "./measure-form";
import { formatFigure, measureHome, type MeasureDetail } from "./measure-text";

type ReadingCreate = components["schemas"]["ReadingCreate"];
type ReadingDetail = components["schemas"]["ReadingDetail"];
type Correcting = { reading: ReadingDetail; etag: string | undefined };

const FIELDS = {
  value: { id: "value", label: "Value", missing: "Enter the figure", invalid: "The figure must be a number, for example 52.5" },
  taken_on: { id: "taken-on", label: "Date", missing: "Enter the date the figure is for",
    invalid: "The date must be a real date, for example 31 5 2019" },
  period: { id: "period", label: "Period" },
  source: { id: "source", label: "Source" },
  note: { id: "note", label: "Note" },
  reason: { id: "reason", label: "Why it is corrected", missing: "Say why the figure is corrected" },
};

export function ReadingPage({ measureId }: { measureId: number }) {
  const [resource] = useResource(async () => {
    const read = await call(api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: measureId } } }));
    return read.ok ? ok(read.data) : read;
  });
  return <Loaded resource={resource}>{(measure) => <ReadingForm measure={measure} />}</Loaded>;
}

/** Correcting a reading: a new version with the reason; the one it replaces is kept and shown. */
export function CorrectReadingPage({ readingId }: { readingId: number }) {
  const [resource] = useResource(async () => {
    const reading = await call(api.GET("/api/v1/measure-readings/{reading_id}", { params: { path: { reading_id: readingId } } }));
    if (!reading.ok) return reading;
    const measure = await call(api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: reading.data.measure_id } } }));
    return measure.ok ? ok({ measure: measure.data, correcting: { reading: reading.data, etag: reading.etag } }) : measure;
  });
  return (
    <Loaded resource={resource}>
      {({ measure, correcting }) => <ReadingForm measure={measure} correcting={correcting} />}
    </Loaded>
  );
}

/** A reading is a fact, not a proposal: it is kept as entered, and a correction keeps it too. */
function ReadingForm({ measure, correcting }: { measure: MeasureDetail; correcting?: Correcting }) {
  const was = correcting?.reading;
  const [value, setValue] = useState(was ? String(was.value) : "");
  const [date, setDate] = useState<DateParts>(was ? isoToParts(was.taken_on) : { day: "", month: "", year: "" });
  const [period, setPeriod] = useState(was?.period ?? "");
  const [source, setSource] = useState(was?.source ?? "");
  const [note, setNote] = useState(was?.note ?? "");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const number = value.trim() === "" ? undefined : Number(value.trim());
    const body = {
      // Not a number: sent as typed, so the API's 422 names the field.
      ...(number === undefined ? {} : { value: Number.isFinite(number) ? number : value }),
      ...(datePartsToIso(date) ? { taken_on: datePartsToIso(date) } : {}),
      ...(period.trim() ? { period } : {}),
      ...(source.trim() ? { source } : {}),
      ...(note.trim() ? { note } : {}),
    } as ReadingCreate;
    const result = correcting
      ? await call(api.POST("/api/v1/measure-readings/{reading_id}/corrections", {
        params: { path: { reading_id: correcting.reading.id }, header: ifMatch(correcting.etag) },
        body: { ...body, ...(reason.trim() ? { reason } : {}) } as ReadingCreate & { reason: string },
      }))
      : await call(api.POST("/api/v1/measures/{measure_id}/readings", { params: { path: { measure_id: measure.id } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "reading"));
    const figure = `${formatFigure(result.data.value, measure.unit)} for ${formatDate(result.data.taken_on)}`;
    navigate(measureHome(measure).href, { flash: { kind: "success",
      text: correcting ? `Reading corrected to ${figure}; the earlier figure is kept` : `Reading of ${figure} entered` } });
  }

  const unitHint = measure.unit === "percent" ? "A percentage, 0 to 100, for example 52.5." :
    measure.unit === "days" ? "A number of days, for example 12." : "A count, for example 12.";
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={measureHome(measure).href}>Back to {measureHome(measure).name}</BackLink>
        <FormErrors form={form} />
        <PageHeading title={correcting ? "Correct a reading" : "Enter a reading"} caption={measure.name} hasErrors={!!form.errors} />
        {was && (
          <p class="govuk-body">
            Entered as {formatFigure(was.value, measure.unit)} for {formatDate(was.taken_on)} by {was.recorded_by_label}.
            The correction is kept as a new version; this figure stays in the measure's history.
          </p>
        )}
        <form noValidate onSubmit={submit}>
          <TextInput id="value" label="Value" hint={unitHint} width="govuk-input--width-5" value={value} onInput={setValue}
            error={form.error("value")} spellCheck={false} />
          <DateInput id="taken-on" legend="Date the figure is for" hint="The end of its period, for example 31 5 2019."
            value={date} onInput={setDate} error={form.error("taken_on")} />
          <TextInput id="period" label="Period (optional)" hint="For example May 2019 or Q1 2019/20." width="govuk-input--width-10"
            value={period} onInput={setPeriod} error={form.error("period")} />
          <TextInput id="source" label="Source (optional)" hint="For example the case file audit tool." value={source}
            onInput={setSource} error={form.error("source")} />
          <Textarea id="note" label="Note (optional)" value={note} onInput={setNote} error={form.error("note")} />
          {correcting && (
            <Textarea id="reason" label="Why it is corrected" hint="For example: the audit round was recounted."
              value={reason} onInput={setReason} error={form.error("reason")} />
          )}
          <button type="submit" class="govuk-button">{correcting ? "Correct reading" : "Enter reading"}</button>
        </form>
      </div>
    </div>
  );
}
