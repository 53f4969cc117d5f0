import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import { explainWriteProblem, ifMatch } from "../../api/etag";
import type { FieldSpec } from "../../api/problem";
import type { components } from "../../api/schema";
import { BackLink } from "../../components/back-link";
import { DateInput } from "../../components/date-input";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Radios } from "../../components/radios";
import { TextInput } from "../../components/text-input";
import { datePartsToIso, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";
import { figureOrText, isoToParts, type Point } from "./measure-form";
import { measureHome, type MeasureDetail } from "./measure-text";

type MeasureCreate = components["schemas"]["MeasureCreate"];

/** Where a new measure goes, or the measure being changed. */
export type MeasureFormFor = { actionId: number } | { areaId: number } | { measureId: number };

const UNITS = [
  { value: "percent", text: "Percentage", hint: "For example 60% of audits rated at least good." },
  { value: "count", text: "Count", hint: "For example 12 children." },
  { value: "days", text: "Days", hint: "For example 10 days to complete an assessment." },
];
const DIRECTIONS = [
  { value: "higher", text: "Higher is better" },
  { value: "lower", text: "Lower is better" },
];

export function MeasureFormPage(props: MeasureFormFor) {
  const [resource] = useResource(async () => {
    if ("measureId" in props) {
      const read = await call(api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: props.measureId } } }));
      return read.ok ? ok({ measure: read.data as MeasureDetail | null, etag: read.etag, back: measureHome(read.data) }) : read;
    }
    if ("actionId" in props) {
      const read = await call(api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: props.actionId } } }));
      return read.ok ? ok({ measure: null, etag: undefined, back: { href: paths.action(read.data.id), name: `action ${read.data.ref}` } }) : read;
    }
    const read = await call(api.GET("/api/v1/areas/{area_id}", { params: { path: { area_id: props.areaId } } }));
    return read.ok ? ok({ measure: null, etag: undefined, back: { href: paths.area(read.data.id), name: `area ${read.data.number}` } }) : read;
  });
  return (
    <Loaded resource={resource}>
      {({ measure, etag, back }) => <MeasureForm target={props} measure={measure} etag={etag} back={back} />}
    </Loaded>
  );
}

function blankPoint(): Point {
  return { value: "", date: { day: "", month: "", year: "" }, words: "" };
}

interface FormProps {
  target: MeasureFormFor;
  measure: MeasureDetail | null;
  etag: string | undefined;
  back: { href: string; name: string };
}

/** Defines a measure, or changes one: its name, unit, direction, baselines and dated targets (its trajectory). */
function MeasureForm({ target, measure, etag, back }: FormProps) {
  const [name, setName] = useState(measure?.name ?? "");
  const [unit, setUnit] = useState<string>(measure?.unit ?? "");
  const [direction, setDirection] = useState<string>(measure?.direction ?? "higher");
  const [baselines, setBaselines] = useState<Point[]>(measure?.baselines.map((b) =>
    ({ value: String(b.value), date: isoToParts(b.date), words: b.period ?? "", kept: b.text })) ?? [blankPoint()]);
  const [targets, setTargets] = useState<Point[]>(measure?.targets.map((t) =>
    ({ value: String(t.value), date: isoToParts(t.due_on), words: t.text ?? "" })) ?? [blankPoint()]);
  const [aim, setAim] = useState(measure?.aim === null || measure?.aim === undefined ? "" : String(measure.aim));
  const [busy, setBusy] = useState(false);
  const fields: Record<string, FieldSpec> = {
    name: { id: "name", label: "Name", missing: "Enter the measure's name" },
    unit: { id: "unit", label: "Unit", missing: "Choose the unit" },
    direction: { id: "direction", label: "Which way is better" },
    aim: { id: "aim", label: "Aim", invalid: "The aim must be a number, for example 100" },
  };
  baselines.forEach((_, i) => {
    fields[`baselines.${i}.value`] = { id: `baseline-${i}-value`, label: `Baseline ${i + 1} value`,
      missing: `Enter baseline ${i + 1}'s figure`, invalid: `Baseline ${i + 1}'s figure must be a number, for example 35` };
    fields[`baselines.${i}.date`] = { id: `baseline-${i}-date`, label: `Baseline ${i + 1} date`,
      missing: `Enter the date baseline ${i + 1} is for`, invalid: `Baseline ${i + 1}'s date must be a real date, for example 31 1 2019` };
  });
  targets.forEach((_, i) => {
    fields[`targets.${i}.value`] = { id: `target-${i}-value`, label: `Target ${i + 1} value`,
      missing: `Enter target ${i + 1}'s figure`, invalid: `Target ${i + 1}'s figure must be a number, for example 60` };
    fields[`targets.${i}.due_on`] = { id: `target-${i}-date`, label: `Target ${i + 1} date`,
      missing: `Enter the date target ${i + 1} is due`, invalid: `Target ${i + 1}'s date must be a real date, for example 30 9 2019` };
  });
  const form = useFormErrors(fields);

  function filled(p: Point): boolean {
    return p.value.trim() !== "" || datePartsToIso(p.date) !== "" || p.words.trim() !== "";
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = {
      ...(name.trim() ? { name } : {}),
      ...(unit ? { unit } : {}),
      direction,
      baselines: baselines.filter(filled).map((b) => ({
        ...figureOrText("value", b.value), ...(datePartsToIso(b.date) ? { date: datePartsToIso(b.date) } : {}),
        ...(b.words.trim() ? { period: b.words } : {}), ...(b.kept ? { text: b.kept } : {}),
      })),
      targets: targets.filter(filled).map((t) => ({
        ...figureOrText("value", t.value), ...(datePartsToIso(t.date) ? { due_on: datePartsToIso(t.date) } : {}),
        ...(t.words.trim() ? { text: t.words } : {}),
      })),
      ...(aim.trim() ? figureOrText("aim", aim) : measure ? { aim: null } : {}),
    } as MeasureCreate;
    const result = "measureId" in target
      ? await call(api.PATCH("/api/v1/measures/{measure_id}", {
        params: { path: { measure_id: target.measureId }, header: ifMatch(etag) }, body }))
      : "actionId" in target
        ? await call(api.POST("/api/v1/actions/{action_id}/measures", { params: { path: { action_id: target.actionId } }, body }))
        : await call(api.POST("/api/v1/areas/{area_id}/measures", { params: { path: { area_id: target.areaId } }, body }));
    setBusy(false);
    if (!result.ok) return form.fail(explainWriteProblem(result.problem, "measure"));
    navigate(back.href, { flash: { kind: "success", text: `Measure ${result.data.name} ${measure ? "changed" : "defined"}` } });
  }

  const rows = (kind: "baseline" | "target", list: Point[], set: (l: Point[]) => void) => list.map((p, i) => {
    const key = kind === "baseline" ? "baselines" : "targets";
    const change = (patch: Partial<Point>) => set(list.map((q, j) => (j === i ? { ...q, ...patch } : q)));
    const title = `${kind === "baseline" ? "Baseline" : "Target"} ${i + 1}`;
    return (
      <fieldset class="govuk-fieldset app-measure-point" key={i}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{title}</legend>
        <TextInput id={`${kind}-${i}-value`} label="Figure" width="govuk-input--width-5" value={p.value}
          onInput={(value) => change({ value })} error={form.error(`${key}.${i}.value`)} spellCheck={false} />
        <DateInput id={`${kind}-${i}-date`} legend={kind === "baseline" ? "Date the figure is for" : "Due by"}
          value={p.date} onInput={(date: DateParts) => change({ date })}
          error={form.error(kind === "baseline" ? `${key}.${i}.date` : `${key}.${i}.due_on`)} />
        <TextInput id={`${kind}-${i}-words`} label={kind === "baseline" ? "Period (optional)" : "The plan's words (optional)"}
          value={p.words} onInput={(words) => change({ words })} />
        <button type="button" class="govuk-button govuk-button--secondary"
          onClick={() => set(list.filter((_, j) => j !== i))}>Remove<span class="govuk-visually-hidden"> {title.toLowerCase()}</span></button>
      </fieldset>
    );
  });

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <BackLink href={back.href}>Back to {back.name}</BackLink>
        <FormErrors form={form} />
        <PageHeading title={measure ? "Change a measure" : "Define a measure"} caption={measure?.name ?? back.name}
          hasErrors={!!form.errors} />
        <form noValidate onSubmit={submit}>
          <TextInput id="name" label="Name" hint="What is counted, for example Audits rated at least good." value={name}
            onInput={setName} error={form.error("name")} />
          <Radios id="unit" legend="Unit" options={UNITS} value={unit} onChange={setUnit} error={form.error("unit")} />
          <Radios id="direction" legend="Which way is better" options={DIRECTIONS} value={direction} onChange={setDirection}
            error={form.error("direction")} inline />
          <h2 class="govuk-heading-m">Baselines</h2>
          <p class="govuk-body">Where the measure started. The latest one starts the trajectory.</p>
          {rows("baseline", baselines, setBaselines)}
          <button type="button" class="govuk-button govuk-button--secondary"
            onClick={() => setBaselines([...baselines, blankPoint()])}>Add a baseline</button>
          <h2 class="govuk-heading-m">Dated targets</h2>
          <p class="govuk-body">Each reading is judged against the line from the latest baseline through these.</p>
          {rows("target", targets, setTargets)}
          <button type="button" class="govuk-button govuk-button--secondary"
            onClick={() => setTargets([...targets, blankPoint()])}>Add a target</button>
          <TextInput id="aim" label="Aim after the last target (optional)" hint="An undated aim, for example 100."
            width="govuk-input--width-5" value={aim} onInput={setAim} error={form.error("aim")} spellCheck={false} />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button">{measure ? "Save changes" : "Define measure"}</button>
          </div>
        </form>
      </div>
    </div>
  );
}
