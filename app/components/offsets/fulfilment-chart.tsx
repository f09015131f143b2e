import { useId } from "react";
import { useLocale, useT } from "~/i18n/react";
import type { FulfilmentPoint } from "~/offsets/ledger";
import { formatMoney, formatPercent } from "~/offsets/money";

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, right: 16, bottom: 34, left: 48 };

function dayNumber(isoDate: string) {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
}

/**
 * Fulfilment of one agreement over time as a step line (credit changes on the days entries were
 * posted), with the obligation as a dashed 100% line. The SVG is one labelled image for screen
 * readers; the same numbers follow in a table.
 */
export function FulfilmentChart({
  program,
  currency,
  points,
  today,
  headingLevel = 3,
}: {
  program: string;
  currency: string;
  points: readonly FulfilmentPoint[];
  today: string;
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const Heading = headingLevel === 2 ? "h2" : "h3";

  if (points.length === 0) {
    return (
      <figure className="offset-chart">
        <figcaption>
          <Heading className="offset-chart__title">{program}</Heading>
        </figcaption>
        <p className="muted">{t("offsets.chart.empty")}</p>
      </figure>
    );
  }

  const first = dayNumber(points[0]!.date);
  const last = Math.max(dayNumber(today), dayNumber(points.at(-1)!.date), first + 1);
  const maxPercent = Math.max(100, ...points.map((point) => Number(point.percent)));
  const x = (day: number) => PAD.left + ((day - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (percent: number) => HEIGHT - PAD.bottom - (percent / maxPercent) * (HEIGHT - PAD.top - PAD.bottom);

  let path = `M ${x(first)} ${y(0)}`;
  for (const point of points) {
    const px = x(dayNumber(point.date));
    path += ` H ${px} V ${y(Number(point.percent))}`;
  }
  path += ` H ${x(last)}`;
  const ticks = [0, 25, 50, 75, 100].filter((tick) => tick <= maxPercent);
  const latest = points.at(-1)!;
  const description = t("offsets.chart.label", { program });

  return (
    <figure className="offset-chart">
      <figcaption>
        <Heading className="offset-chart__title" id={titleId}>
          {program}
        </Heading>
        <p className="muted" id={descId}>
          {description} — {formatPercent(latest.percent, locale)} ({latest.date})
        </p>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="offset-chart__svg">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className={tick === 100 ? "offset-chart__obligation" : "offset-chart__grid"} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="offset-chart__axis">
              {tick}%
            </text>
          </g>
        ))}
        <path d={path} className="offset-chart__line" />
        {points.map((point) => (
          <circle key={point.date} cx={x(dayNumber(point.date))} cy={y(Number(point.percent))} r={3.5} className="offset-chart__dot" />
        ))}
        <text x={PAD.left} y={HEIGHT - 10} className="offset-chart__axis">
          {points[0]!.date}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 10} textAnchor="end" className="offset-chart__axis">
          {today}
        </text>
      </svg>
      <table className="table table--compact offset-chart__table">
        <caption className="visually-hidden">{t("offsets.chart.table_caption", { program })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("offsets.chart.date")}</th>
            <th scope="col" className="numeric">
              {t("offsets.chart.credited")}
            </th>
            <th scope="col" className="numeric">
              {t("offsets.chart.percent")}
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.date}>
              <td>{point.date}</td>
              <td className="numeric">{formatMoney(point.credited, currency, locale)}</td>
              <td className="numeric">{formatPercent(point.percent, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
