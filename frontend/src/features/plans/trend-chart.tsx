import type { components } from "../../api/schema";
import { formatDate, formatMonthShort } from "../../lib/dates";
import { STATUS_ORDER, STATUSES } from "../../lib/rag";
import { axisTicks, labelledPoints, position, spreadLabels } from "./chart";

type TrendPoint = components["schemas"]["TrendPoint"];

const WIDTH = 720;
const HEIGHT = 300;
const PLOT = { left: 44, right: WIDTH - 150, top: 12, bottom: HEIGHT - 44 };
const LABEL_GAP = 16;

/**
 * RAG over time as a line chart without a library: one line per status, each named in words at its
 * end ("Green 3"), never by colour alone, and each with its own dash pattern. The same numbers are in
 * a table under it, for screen readers and for anyone who wants the figures.
 */
export function TrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return <p class="govuk-body">There are no figures yet.</p>;
  const count = (point: TrendPoint, status: string) => point.status_counts[status] ?? 0;
  const max = Math.max(...points.flatMap((point) => STATUS_ORDER.map((status) => count(point, status))));
  const ticks = axisTicks(max);
  const top = ticks[ticks.length - 1];
  const x = (i: number) => (points.length === 1 ? (PLOT.left + PLOT.right) / 2 : position(i, points.length - 1, PLOT.left, PLOT.right));
  const y = (value: number) => position(value, top, PLOT.bottom, PLOT.top);
  const last = points[points.length - 1];
  const labelYs = spreadLabels(STATUS_ORDER.map((status) => y(count(last, status))), LABEL_GAP, PLOT.top + 4, PLOT.bottom);
  const first = points[0];
  const summary = STATUS_ORDER.map((status) => `${STATUSES[status].label} ${count(last, status)}`).join(", ");

  return (
    <figure class="app-chart">
      <svg class="app-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="trend-title trend-desc">
        <title id="trend-title">Actions at each status, {formatDate(first.at)} to {formatDate(last.at)}</title>
        <desc id="trend-desc">On {formatDate(last.at)}: {summary}. The table below the chart has every figure.</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line class="app-chart__grid" x1={PLOT.left} x2={PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text class="app-chart__tick" x={PLOT.left - 8} y={y(tick) + 4} text-anchor="end">{tick}</text>
          </g>
        ))}
        {labelledPoints(points.length, PLOT.right - PLOT.left, 56).map((i) => {
          const [month, year] = formatMonthShort(points[i].at).split(" ");
          return (
            <text key={i} class="app-chart__tick" x={x(i)} y={PLOT.bottom + 18} text-anchor="middle">
              {month}<tspan x={x(i)} dy="14">{year}</tspan>
            </text>
          );
        })}
        {STATUS_ORDER.map((status, s) => {
          const line = points.map((point, i) => `${x(i).toFixed(1)},${y(count(point, status)).toFixed(1)}`).join(" ");
          return (
            <g key={status} class={`app-chart__series app-chart__series--${status}`}>
              <polyline class="app-chart__line" points={line} />
              {points.map((point, i) => <circle key={i} class="app-chart__point" cx={x(i)} cy={y(count(point, status))} r={3} />)}
              <line class="app-chart__leader" x1={x(points.length - 1) + 4} x2={PLOT.right + 14}
                y1={y(count(last, status))} y2={labelYs[s] - 4} />
              <text class="app-chart__label" x={PLOT.right + 18} y={labelYs[s]}>{STATUSES[status].label} {count(last, status)}</text>
            </g>
          );
        })}
      </svg>
      <details class="govuk-details app-chart__numbers">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">The figures in a table</span>
        </summary>
        <div class="govuk-details__text app-table-scroll" role="region" aria-label="Actions at each status over time" tabIndex={0}>
          <table class="govuk-table app-stack">
            <caption class="govuk-table__caption govuk-visually-hidden">Actions at each status, at the end of each month</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Date</th>
                {STATUS_ORDER.map((status) => (
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={status}>{STATUSES[status].label}</th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {points.map((point) => (
                <tr class="govuk-table__row" key={point.at}>
                  <th scope="row" class="govuk-table__header">{formatDate(point.at)}</th>
                  {STATUS_ORDER.map((status) => (
                    <td class="govuk-table__cell govuk-table__cell--numeric" key={status} data-label={STATUSES[status].label}>{count(point, status)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
