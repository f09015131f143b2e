/**
 * Accessible SVG bar charts, rendered on the server (no chart library, no script). Each chart is
 * one image to assistive technology (role="img" with a name and a description); the numbers
 * themselves are in the table every page shows next to the chart, so nothing is only visual.
 */
import { useId } from "react";
import { niceMax, scale, ticks } from "~/analytics/chart-scale";

/** `tone` picks a colour with a meaning (e.g. "verified"); otherwise series take the palette in order. */
export type ChartSeries = { key: string; label: string; tone?: string };

function seriesClass(series: ChartSeries, index: number) {
  return series.tone ? `cm-tone-${series.tone}` : `cm-series-${index % 5}`;
}
export type ChartCategory = { key: string; label: string; values: Record<string, number> };

type CommonProps = {
  title: string;
  description: string;
  series: readonly ChartSeries[];
  categories: readonly ChartCategory[];
  /** Shown instead of the chart when there are no categories. */
  emptyText: string;
  formatValue?: (value: number) => string;
};

function Legend({ series }: { series: readonly ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul className="cm-legend" aria-hidden="true">
      {series.map((item, index) => (
        <li key={item.key}>
          <span className={`cm-legend__swatch ${seriesClass(item, index)}`} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function truncate(label: string, max: number) {
  const characters = Array.from(label);
  return characters.length > max ? `${characters.slice(0, max - 1).join("")}…` : label;
}

/** Categories along the bottom (months), one bar per series in each. */
export function ColumnChart({ title, description, series, categories, emptyText, formatValue = String }: CommonProps) {
  const id = useId().replace(/:/g, "");
  if (categories.length === 0) return <p className="cm-empty">{emptyText}</p>;
  const width = 720;
  const height = 300;
  const margin = { top: 16, right: 12, bottom: 48, left: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const highest = Math.max(0, ...categories.flatMap((category) => series.map((s) => category.values[s.key] ?? 0)));
  const max = niceMax(highest);
  const groupWidth = plotWidth / categories.length;
  const barWidth = Math.max(2, Math.min(28, (groupWidth * 0.8) / series.length));
  const everyOther = categories.length > 12;
  return (
    <figure className="cm-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g className="cm-chart__grid" transform={`translate(${margin.left},${margin.top})`}>
          {ticks(highest).map((tick) => {
            const y = plotHeight - scale(tick, max, plotHeight);
            return (
              <g key={tick}>
                <line x1={0} x2={plotWidth} y1={y} y2={y} />
                <text x={-6} y={y + 4} textAnchor="end" className="cm-chart__label">
                  {formatValue(tick)}
                </text>
              </g>
            );
          })}
        </g>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {categories.map((category, categoryIndex) => {
            const groupX = categoryIndex * groupWidth + (groupWidth - barWidth * series.length) / 2;
            return (
              <g key={category.key}>
                {series.map((item, seriesIndex) => {
                  const value = category.values[item.key] ?? 0;
                  const barHeight = scale(value, max, plotHeight);
                  const x = groupX + seriesIndex * barWidth;
                  return (
                    <g key={item.key}>
                      <rect x={x} y={plotHeight - barHeight} width={barWidth - 1} height={barHeight} className={seriesClass(item, seriesIndex)} />
                      {value > 0 && barWidth >= 12 ? (
                        <text x={x + (barWidth - 1) / 2} y={plotHeight - barHeight - 3} textAnchor="middle" className="cm-chart__value">
                          {formatValue(value)}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
                {!everyOther || categoryIndex % 2 === 0 ? (
                  <text x={categoryIndex * groupWidth + groupWidth / 2} y={plotHeight + 18} textAnchor="middle" className="cm-chart__label">
                    {truncate(category.label, 12)}
                  </text>
                ) : null}
              </g>
            );
          })}
          <line x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} stroke="currentColor" strokeOpacity={0.5} />
        </g>
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** Categories down the side (long process names), one bar per series in each. */
export function BarListChart({ title, description, series, categories, emptyText, formatValue = String }: CommonProps) {
  const id = useId().replace(/:/g, "");
  if (categories.length === 0) return <p className="cm-empty">{emptyText}</p>;
  const width = 720;
  const labelWidth = 230;
  const barHeight = 12;
  const groupGap = 10;
  const groupHeight = barHeight * series.length + groupGap;
  const margin = { top: 8, right: 48, bottom: 24, left: labelWidth };
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + margin.bottom + groupHeight * categories.length;
  const highest = Math.max(0, ...categories.flatMap((category) => series.map((s) => category.values[s.key] ?? 0)));
  const max = niceMax(highest);
  return (
    <figure className="cm-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g className="cm-chart__grid" transform={`translate(${margin.left},${margin.top})`}>
          {ticks(highest).map((tick) => {
            const x = scale(tick, max, plotWidth);
            return (
              <g key={tick}>
                <line x1={x} x2={x} y1={0} y2={groupHeight * categories.length} />
                <text x={x} y={groupHeight * categories.length + 16} textAnchor="middle" className="cm-chart__label">
                  {formatValue(tick)}
                </text>
              </g>
            );
          })}
        </g>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {categories.map((category, categoryIndex) => {
            const y = categoryIndex * groupHeight;
            return (
              <g key={category.key}>
                <text x={-8} y={y + (barHeight * series.length) / 2 + 4} textAnchor="end" className="cm-chart__label">
                  {truncate(category.label, 30)}
                </text>
                {series.map((item, seriesIndex) => {
                  const value = category.values[item.key] ?? 0;
                  const barLength = scale(value, max, plotWidth);
                  const barY = y + seriesIndex * barHeight;
                  return (
                    <g key={item.key}>
                      <rect x={0} y={barY} width={Math.max(barLength, value > 0 ? 1 : 0)} height={barHeight - 2} className={seriesClass(item, seriesIndex)} />
                      <text x={barLength + 4} y={barY + barHeight - 3} className="cm-chart__value">
                        {formatValue(value)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </g>
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** One 100 % bar per category, split into the series' shares (verification states). */
export function ShareChart({ title, description, series, categories, emptyText }: CommonProps) {
  const id = useId().replace(/:/g, "");
  const totals = categories.map((category) => series.reduce((sum, item) => sum + (category.values[item.key] ?? 0), 0));
  if (categories.length === 0 || totals.every((total) => total === 0)) return <p className="cm-empty">{emptyText}</p>;
  const width = 720;
  const labelWidth = 150;
  const barHeight = 28;
  const gap = 18;
  const plotWidth = width - labelWidth - 12;
  const height = categories.length * (barHeight + gap) + 8;
  return (
    <figure className="cm-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {categories.map((category, categoryIndex) => {
          const total = totals[categoryIndex] ?? 0;
          const y = 4 + categoryIndex * (barHeight + gap);
          let offset = 0;
          return (
            <g key={category.key}>
              <text x={labelWidth - 8} y={y + barHeight / 2 + 4} textAnchor="end" className="cm-chart__label">
                {truncate(category.label, 20)}
              </text>
              {series.map((item, seriesIndex) => {
                const value = category.values[item.key] ?? 0;
                const segment = total > 0 ? (value / total) * plotWidth : 0;
                const x = labelWidth + offset;
                offset += segment;
                if (segment <= 0) return null;
                const share = Math.round((value / total) * 100);
                return (
                  <g key={item.key}>
                    <rect x={x} y={y} width={segment} height={barHeight} className={seriesClass(item, seriesIndex)} stroke="#fff" strokeWidth={1} />
                    {segment > 34 ? (
                      <text x={x + segment / 2} y={y + barHeight / 2 + 4} textAnchor="middle" fill="#fff" fontSize={11} fontWeight={600}>
                        {share}%
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}
