/**
 * The build cache over time: its size and the reclaimable part at each refresh Hangar recorded (a
 * step line, as the size holds between two readings), with a mark for each of Hangar's builds and
 * each prune (by hand or by the keep-under policy) below the axis. Hovering a reading (or focusing
 * the chart and using the arrow keys) shows its figures; a mark's words are its title.
 */
import { scaleLinear, scaleTime } from '@visx/scale';
import { AreaClosed, LinePath } from '@visx/shape';
import { useMemo, useRef } from 'react';
import type { BuildCacheGrowth, BuildCacheTotalsPoint } from '../../../shared/build-cache.js';
import {
  ChartGuide,
  ChartTooltip,
  ChartValueGrid,
  useChartCursor,
} from '../../components/chart.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { useWidth } from '../../lib/use-width.js';
import { growthMarks } from '../../model/build-cache/build-cache-rows.js';
import { axisLabel, fullTime } from '../history/history-format.js';

const HEIGHT = 190;
const M = { top: 10, right: 16, bottom: 40, left: 64 };
/** Ticks of a span of minutes name the seconds; longer spans take the history's axis labels. */
const tickSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function GrowthChart({ growth, now }: { growth: BuildCacheGrowth; now: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef, 520);
  const points = growth.points;
  const cursor = useChartCursor(points.length);
  const marks = useMemo(() => growthMarks(growth, formatBytes), [growth]);
  const innerW = Math.max(60, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;

  if (points.length === 0) {
    return (
      <div className="chart-box bc-growth" ref={boxRef} data-testid="bc-growth">
        <p className="muted bc-growth-empty">
          No totals recorded yet: each refresh of the listing records one.
        </p>
      </div>
    );
  }
  const first = points[0]!.at;
  const span = Math.max(Math.max(now, points[points.length - 1]!.at) - first, 60_000);
  const last = first + span;
  const x = scaleTime<number>({ domain: [first, last], range: [0, innerW] });
  const max = Math.max(1, ...points.map((p) => p.bytes));
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  // Steps: each reading holds until the next one, the last until now.
  const drawn: BuildCacheTotalsPoint[] = [];
  for (const p of points) {
    const before = drawn[drawn.length - 1];
    if (before) drawn.push({ ...before, at: p.at });
    drawn.push(p);
  }
  drawn.push({ ...points[points.length - 1]!, at: last });
  const xs = (p: BuildCacheTotalsPoint) => x(p.at);
  const tickLabel = (t: Date): string =>
    span <= 10 * 60_000
      ? tickSeconds.format(t)
      : axisLabel(t.getTime(), span <= 36 * 3_600_000 ? 'hour' : 'day');
  const ticks = x.ticks(Math.max(2, Math.floor(innerW / 90)));
  const hover = cursor.index;
  const shown = hover === null ? null : (points[hover] ?? null);
  const edge = (i: number) => {
    const a = points[i - 1];
    const b = points[i];
    return a && b ? (xs(a) + xs(b)) / 2 : i === 0 ? 0 : innerW;
  };

  return (
    <div className="chart-box bc-growth" ref={boxRef} data-testid="bc-growth">
      <svg
        width={width}
        height={HEIGHT}
        aria-label={`Build cache size over time: ${points.length} readings from ${fullTime(first)}, now ${formatBytes(points[points.length - 1]!.bytes)} of which ${formatBytes(points[points.length - 1]!.reclaimableBytes)} reclaimable; ${marks.length} builds and prunes marked`}
        {...cursor.svgProps}
      >
        <g transform={`translate(${M.left}, ${M.top})`}>
          <ChartValueGrid ticks={y.ticks(3)} y={y} width={innerW} label={formatBytes} />
          <AreaClosed<BuildCacheTotalsPoint>
            className="bc-growth-total"
            data={drawn}
            x={xs}
            y={(p) => y(p.bytes)}
            yScale={y}
          />
          <AreaClosed<BuildCacheTotalsPoint>
            className="bc-growth-reclaimable"
            data={drawn}
            x={xs}
            y={(p) => y(p.reclaimableBytes)}
            yScale={y}
          />
          <LinePath<BuildCacheTotalsPoint>
            className="bc-growth-line"
            data={drawn}
            x={xs}
            y={(p) => y(p.bytes)}
          />
          {shown && <ChartGuide x={xs(shown)} height={innerH} />}
          <line className="chart-baseline" x1={0} x2={innerW} y1={innerH} y2={innerH} />
          {ticks.map((t) => (
            <text
              key={t.getTime()}
              className="chart-axis"
              x={x(t)}
              y={innerH + 30}
              textAnchor="middle"
            >
              {tickLabel(t)}
            </text>
          ))}
          {marks.map((m, i) => (
            <g
              key={`${m.kind}-${m.at}-${i}`}
              className={`bc-mark bc-mark-${m.kind}`}
              data-testid="bc-growth-mark"
              data-kind={m.kind}
              transform={`translate(${x(m.at)}, ${innerH + 8})`}
            >
              <title>{`${m.words}, ${fullTime(m.at)}`}</title>
              {m.kind === 'build' ? <circle r={3.5} /> : <path d="M-4 -4 L4 -4 L0 4 Z" />}
            </g>
          ))}
          {points.map((p, i) => (
            <rect
              key={p.at}
              className="chart-hit-area"
              data-testid="bc-growth-point"
              x={edge(i)}
              width={Math.max(1, edge(i + 1) - edge(i))}
              height={innerH}
              onMouseEnter={() => cursor.setIndex(i)}
            />
          ))}
        </g>
      </svg>
      <p className="bc-growth-legend faint">
        <span className="bc-key bc-key-total" /> Size <span className="bc-key bc-key-reclaimable" />{' '}
        Reclaimable <span className="bc-key bc-key-build" /> Hangar&apos;s builds{' '}
        <span className="bc-key bc-key-prune" /> Prunes
      </p>
      {shown && (
        <ChartTooltip
          x={M.left + xs(shown)}
          width={width}
          title={fullTime(shown.at)}
          testId="bc-growth-tooltip"
        >
          <dl>
            <dt>Size</dt>
            <dd>{formatBytes(shown.bytes)}</dd>
            <dt>Reclaimable</dt>
            <dd>{formatBytes(shown.reclaimableBytes)}</dd>
            <dt>Records</dt>
            <dd>{formatCount(shown.count)}</dd>
          </dl>
        </ChartTooltip>
      )}
    </div>
  );
}
