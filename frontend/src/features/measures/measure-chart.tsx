import { formatDate, formatMonthShort } from "../../lib/dates";
import { axisTicks, position } from "../plans/chart";
import { paths } from "../../router/routes";
import { correctionsText, figures, formatFigure, trajectoryPoints, type MeasureDetail } from "./measure-text";

const WIDTH = 720;
const HEIGHT = 280;
const PLOT = { left: 48, right: WIDTH - 130, top: 12, bottom: HEIGHT - 44 };
const DAY = 86_400_000;

function time(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/**
 * Baselines (filled squares), targets (open diamonds), the trajectory through them (dashed) and the
 * readings (circles on a solid line), without a library. The legend names each kind in words, and
 * the same figures are in the table under the chart.
 */
export function MeasureChart({ measure, mayCorrect = false }: { measure: MeasureDetail; mayCorrect?: boolean }) {
  const all = figures(measure);
  if (all.length === 0) return <p class="govuk-body">This measure has no baseline, dated target or reading yet.</p>;
  const line = trajectoryPoints(measure);
  const readings = all.filter((f) => f.kind === "Reading");
  const first = time(all[0].date);
  const last = Math.max(time(all[all.length - 1].date), first + DAY);
  const ticks = measure.unit === "percent" ? [0, 25, 50, 75, 100] : axisTicks(Math.max(...all.map((f) => f.value)));
  const top = ticks[ticks.length - 1];
  const x = (isoDate: string) => position(time(isoDate) - first, last - first, PLOT.left, PLOT.right);
  const y = (value: number) => position(value, top, PLOT.bottom, PLOT.top);
  const id = `measure-${measure.id}`;
  const latest = measure.latest_reading;
  const legend = [
    { key: "baseline", text: "Baseline", shape: <rect class="app-measure-chart__baseline" x={-5} y={-5} width={10} height={10} /> },
    { key: "target", text: "Target", shape: <rect class="app-measure-chart__target" x={-5} y={-5} width={10} height={10} transform="rotate(45)" /> },
    { key: "reading", text: "Reading", shape: <circle class="app-measure-chart__reading" r={5} /> },
  ];
  return (
    <figure class="app-chart">
      <svg class="app-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{measure.name}: baselines, targets and readings</title>
        <desc id={`${id}-desc`}>
          {latest ? `Latest reading ${formatFigure(latest.value, measure.unit)} on ${formatDate(latest.taken_on)}.` : "No reading yet."}{" "}
          The table below the chart has every figure.
        </desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line class="app-chart__grid" x1={PLOT.left} x2={PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text class="app-chart__tick" x={PLOT.left - 8} y={y(tick) + 4} text-anchor="end">{formatFigure(tick, measure.unit === "days" ? "count" : measure.unit)}</text>
          </g>
        ))}
        {[all[0].date, all[all.length - 1].date].filter((d, i, ds) => ds.indexOf(d) === i).map((d) => {
          const [month, year] = formatMonthShort(d).split(" ");
          return (
            <text key={d} class="app-chart__tick" x={x(d)} y={PLOT.bottom + 18} text-anchor="middle">
              {month}<tspan x={x(d)} dy="14">{year}</tspan>
            </text>
          );
        })}
        {line.length > 1 && <polyline class="app-measure-chart__trajectory" points={line.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")} />}
        {readings.length > 1 && <polyline class="app-measure-chart__readings" points={readings.map((r) => `${x(r.date).toFixed(1)},${y(r.value).toFixed(1)}`).join(" ")} />}
        {all.map((f, i) => {
          const shape = legend[f.kind === "Baseline" ? 0 : f.kind === "Target" ? 1 : 2].shape;
          return <g key={i} transform={`translate(${x(f.date).toFixed(1)},${y(f.value).toFixed(1)})`}>{shape}</g>;
        })}
        {legend.map((item, i) => (
          <g key={item.key} transform={`translate(${PLOT.right + 24},${PLOT.top + 14 + i * 24})`}>
            {item.shape}
            <text class="app-chart__label" x={14} y={5}>{item.text}</text>
          </g>
        ))}
      </svg>
      <details class="govuk-details app-chart__numbers">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">The figures in a table</span>
        </summary>
        <div class="govuk-details__text app-table-scroll" role="region" aria-label={`Figures of ${measure.name}`} tabIndex={0}>
          <MeasureFigures measure={measure} mayCorrect={mayCorrect} />
        </div>
      </details>
    </figure>
  );
}

function MeasureFigures({ measure, mayCorrect }: { measure: MeasureDetail; mayCorrect: boolean }) {
  return (
    <table class="govuk-table app-stack">
      <caption class="govuk-table__caption govuk-visually-hidden">Baselines, targets and readings of {measure.name}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Date</th>
          <th scope="col" class="govuk-table__header">Figure</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Value</th>
          <th scope="col" class="govuk-table__header">Notes</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {figures(measure).map((f, i) => (
          <tr class="govuk-table__row" key={i}>
            <th scope="row" class="govuk-table__header" data-label="Date">{formatDate(f.date)}</th>
            <td class="govuk-table__cell" data-label="Figure">{f.kind}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Value">{formatFigure(f.value, measure.unit)}</td>
            <td class="govuk-table__cell" data-label="Notes">
              {f.words}
              {f.reading && correctionsText(f.reading, measure.unit).map((text) => <p class="govuk-body-s govuk-!-margin-bottom-0" key={text}>{text}</p>)}
              {f.reading && mayCorrect && (
                <p class="govuk-body-s govuk-!-margin-bottom-0">
                  <a class="govuk-link" href={paths.correctReading(f.reading.id)}>
                    Correct<span class="govuk-visually-hidden"> the reading of {formatDate(f.date)}</span></a>
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
