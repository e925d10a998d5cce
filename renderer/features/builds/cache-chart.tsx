/**
 * Each artifact's cache share over time: every build that finished is a point (when it started →
 * the share of its Dockerfile steps that came from the cache), one line per artifact, a build
 * where the cache broke ringed. Hovering a point (or focusing the chart and using the arrow keys)
 * shows the build and where its cache broke; a click (or Enter) opens the build. The same points
 * are offered as a table.
 */
import { scaleLinear, scaleTime } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { useMemo, useRef, useState } from 'react';
import { ChartTooltip, ChartValueGrid, useChartCursor } from '../../components/chart.js';
import { plural } from '../../lib/format.js';
import { useWidth } from '../../lib/use-width.js';
import {
  pointsInTime,
  type CachePoint,
  type CacheSeries,
} from '../../model/builds/builds-model.js';
import { fullTime, logTime } from '../history/history-format.js';

const HEIGHT = 170;
const M = { top: 10, right: 16, bottom: 24, left: 40 };
/** Series colors (CSS classes `bld-series-0` …), reused past this many artifacts. */
const COLORS = 6;
/** The least room left either side of the first and last build on the time axis, ms. */
const MIN_PAD_MS = 5_000;

const seriesClass = (i: number) => `bld-series-${i % COLORS}`;

function pointWords(p: CachePoint): string {
  return `Build ${p.id}, ${p.artifact}, ${fullTime(p.at)}: ${p.cachedSteps}/${p.totalSteps} steps cached (${p.pct}%)${p.cacheBrokeAt ? `, ${p.cacheBrokeAt}` : ''}`;
}

function PointsTable({
  points,
  now,
  onOpen,
}: {
  points: CachePoint[];
  now: number;
  onOpen(id: number): void;
}) {
  return (
    <div className="bld-chart-table-box">
      <table className="bld-chart-table" data-testid="builds-chart-table">
        <thead>
          <tr>
            <th scope="col">Build</th>
            <th scope="col">Artifact</th>
            <th scope="col">When</th>
            <th scope="col">Cached</th>
            <th scope="col">Cache broke at</th>
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr key={p.id}>
              <td>
                <button type="button" className="link-button" onClick={() => onOpen(p.id)}>
                  Build {p.id}
                </button>
              </td>
              <td>{p.artifact}</td>
              <td className="num">{logTime(p.at, now)}</td>
              <td className="num">
                {p.cachedSteps}/{p.totalSteps} · {p.pct}%
              </td>
              <td>{p.cacheBrokeAt ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CacheChart({
  series,
  now,
  onOpen,
}: {
  series: CacheSeries[];
  now: number;
  onOpen(id: number): void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef, 640);
  const [table, setTable] = useState(false);
  const points = useMemo(() => pointsInTime(series), [series]);
  const colorOf = useMemo(
    () => new Map(series.map((s, i) => [s.artifact, seriesClass(i)])),
    [series],
  );
  const cursor = useChartCursor(points.length, (i) => {
    const p = points[i];
    if (p) onOpen(p.id);
  });
  const innerW = Math.max(60, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const first = points[0]?.at ?? now;
  const last = points[points.length - 1]?.at ?? now;
  const pad = Math.max((last - first) * 0.04, MIN_PAD_MS);
  const x = scaleTime<number>({
    domain: [new Date(first - pad), new Date(last + pad)],
    range: [0, innerW],
  });
  const y = scaleLinear<number>({ domain: [0, 100], range: [innerH, 0] });
  const xTicks = x.ticks(Math.max(2, Math.floor(innerW / 110)));
  const tickText = x.tickFormat();
  const px = (p: CachePoint) => x(new Date(p.at));
  const py = (p: CachePoint) => y(p.pct);
  const shown = cursor.index === null ? null : (points[cursor.index] ?? null);
  const broke = points.filter((p) => p.cacheBrokeAt !== null).length;

  return (
    <div className="bld-chart" data-testid="builds-chart">
      <div className="chart-box" ref={boxRef}>
        <svg
          width={width}
          height={HEIGHT}
          aria-label={`Share of cached steps per build over time: ${plural(points.length, 'build')} of ${plural(series.length, 'artifact')}, the cache broke in ${broke}. Arrow keys move between builds, Enter opens one. ${points.map(pointWords).join('; ')}`}
          {...cursor.svgProps}
        >
          <g transform={`translate(${M.left}, ${M.top})`}>
            <ChartValueGrid ticks={[0, 50, 100]} y={y} width={innerW} label={(t) => `${t}%`} />
            <line className="chart-baseline" x1={0} x2={innerW} y1={innerH} y2={innerH} />
            {xTicks.map((t) => (
              <text
                key={t.getTime()}
                className="chart-axis"
                x={x(t)}
                y={innerH + 16}
                textAnchor="middle"
              >
                {tickText(t)}
              </text>
            ))}
            {shown && (
              <line className="bld-chart-guide" x1={px(shown)} x2={px(shown)} y1={0} y2={innerH} />
            )}
            {series.map((s, i) =>
              s.points.length > 1 ? (
                <LinePath<CachePoint>
                  key={s.artifact}
                  className={`bld-chart-line ${seriesClass(i)}`}
                  data={s.points}
                  x={px}
                  y={py}
                />
              ) : null,
            )}
            {points.map((p) => (
              <circle
                key={p.id}
                className={`bld-chart-dot ${colorOf.get(p.artifact) ?? ''}${p.cacheBrokeAt ? ' is-broke' : ''}${shown === p ? ' is-on' : ''}`}
                cx={px(p)}
                cy={py(p)}
                r={p.cacheBrokeAt ? 5 : 3.5}
                data-testid="builds-chart-point"
                data-build-id={p.id}
                data-broke={p.cacheBrokeAt ? 'true' : 'false'}
              />
            ))}
            {points.map((p, i) => (
              <circle
                key={p.id}
                className="chart-hit-area bld-chart-hit"
                cx={px(p)}
                cy={py(p)}
                r={9}
                onMouseEnter={() => cursor.setIndex(i)}
                onClick={() => onOpen(p.id)}
              />
            ))}
          </g>
        </svg>
        {shown && (
          <ChartTooltip
            x={M.left + px(shown)}
            width={width}
            title={`Build ${shown.id} · ${shown.artifact}`}
            testId="builds-chart-tooltip"
          >
            <dl>
              <dt>Started</dt>
              <dd>{logTime(shown.at, now)}</dd>
              <dt>Cached</dt>
              <dd>
                {shown.cachedSteps}/{shown.totalSteps} · {shown.pct}%
              </dd>
            </dl>
            {shown.cacheBrokeAt && <p className="bld-chart-broke">{shown.cacheBrokeAt}</p>}
          </ChartTooltip>
        )}
      </div>
      <div className="bld-chart-foot">
        <ul className="bld-chart-legend" aria-label="Artifacts">
          {series.map((s, i) => (
            <li key={s.artifact}>
              <span className={`bld-chart-swatch ${seriesClass(i)}`} aria-hidden="true" />
              {s.artifact}
            </li>
          ))}
          <li>
            <span className="bld-chart-swatch is-broke" aria-hidden="true" />
            cache broke
          </li>
        </ul>
        <button
          type="button"
          className="link-button"
          aria-expanded={table}
          data-testid="builds-chart-table-toggle"
          onClick={() => setTable(!table)}
        >
          {table ? 'Hide the table' : 'Show as a table'}
        </button>
      </div>
      {table && <PointsTable points={points} now={now} onOpen={onOpen} />}
    </div>
  );
}
