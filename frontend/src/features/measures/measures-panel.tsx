import { api, call, ok } from "../../api/client";
import { canOnAction, canOnArea, readsOnly } from "../../auth/permissions";
import { useSession } from "../../auth/session-context";
import { Loaded } from "../../components/loaded";
import { RagTag } from "../../components/rag-tag";
import { SummaryList } from "../../components/summary-list";
import { formatDate } from "../../lib/dates";
import { useResource } from "../../lib/use-resource";
import { paths } from "../../router/routes";
import { MeasureChart } from "./measure-chart";
import { expectedText, formatFigure, verdictText, type MeasureDetail } from "./measure-text";

type ActionLike = { id: number; owner: { id: number } | null; area_id: number };

/** An action's measures, or an area's own (of the area as a whole). */
export type MeasuresOf = { action: ActionLike } | { areaId: number };

/** The measures: each with its latest reading against the trajectory, a chart and its figures. */
export function MeasuresPanel(props: MeasuresOf) {
  const { me } = useSession();
  const areaId = "areaId" in props ? props.areaId : null;
  const action = "action" in props ? props.action : null;
  const [resource] = useResource(async () => {
    const list = action
      ? await call(api.GET("/api/v1/actions/{action_id}/measures", { params: { path: { action_id: action.id } } }))
      : await call(api.GET("/api/v1/areas/{area_id}/measures", { params: { path: { area_id: areaId ?? 0 } } }));
    if (!list.ok) return list;
    const details = await Promise.all(list.data.map((m) =>
      call(api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: m.id } } }))));
    const failed = details.find((d) => !d.ok);
    if (failed && !failed.ok) return failed;
    return ok(details.map((d) => (d.ok ? d.data : null)).filter((d): d is MeasureDetail => d !== null));
  });
  const allowed = (perm: "measure:record" | "measure:manage") =>
    !readsOnly(me) && (action ? canOnAction(me, perm, action) : canOnArea(me, perm, areaId ?? 0));
  const mayRecord = allowed("measure:record");
  const mayManage = allowed("measure:manage");
  return (
    <Loaded resource={resource}>
      {(measures) => (
        <>
          {measures.length === 0
            ? <p class="govuk-body">{action ? "This action has no measure." : "This area has no measure of its own."}</p>
            : measures.map((measure) =>
              <MeasureSection key={measure.id} measure={measure} mayRecord={mayRecord} mayManage={mayManage} />)}
          {mayManage && (
            <p class="govuk-body">
              <a class="govuk-link" href={action ? paths.newActionMeasure(action.id) : paths.newAreaMeasure(areaId ?? 0)}>
                Define a measure<span class="govuk-visually-hidden"> of {action ? "this action" : "this area"}</span></a>
            </p>
          )}
        </>
      )}
    </Loaded>
  );
}

function MeasureSection({ measure, mayRecord, mayManage }: { measure: MeasureDetail; mayRecord: boolean; mayManage: boolean }) {
  const latest = measure.latest_reading;
  const expected = expectedText(measure.trajectory, measure.unit);
  const suggested = measure.trajectory.suggested_rag;
  return (
    <section class="app-measure" aria-labelledby={`measure-${measure.id}-heading`}>
      <h3 class="govuk-heading-s" id={`measure-${measure.id}-heading`}>{measure.name}</h3>
      <SummaryList rows={[
        { key: "Latest reading", value: latest ? `${formatFigure(latest.value, measure.unit)} on ${formatDate(latest.taken_on)}` : "None yet" },
        { key: "Against the trajectory", value: <>{verdictText(measure.trajectory, measure.unit)}{expected && <><br />{expected}</>}</> },
        { key: "Suggested status", value: suggested ? (
          <><RagTag status={suggested} /> — a suggestion from the figures
            {measure.approved_status && <>; the approved status is <RagTag status={measure.approved_status} /></>}</>
        ) : "None" },
        { key: "Better when", value: measure.direction === "higher" ? "Higher" : "Lower" },
        ...(measure.aim !== null && measure.aim !== undefined ? [{ key: "Aim", value: measure.aim_text ?? formatFigure(measure.aim, measure.unit) }] : []),
      ]} />
      <MeasureChart measure={measure} mayCorrect={mayRecord} />
      {(mayRecord || mayManage) && (
        <ul class="govuk-list">
          {mayRecord && <li><a class="govuk-link" href={paths.enterReading(measure.id)}>
            Enter a reading<span class="govuk-visually-hidden"> of {measure.name}</span></a></li>}
          {mayManage && <li><a class="govuk-link" href={paths.editMeasure(measure.id)}>
            Change the measure<span class="govuk-visually-hidden"> {measure.name}</span></a></li>}
        </ul>
      )}
    </section>
  );
}
