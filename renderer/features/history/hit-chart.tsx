/**
 * Lookups over time: one stacked bar per bucket (HIT, HIT_TOO_OLD, MISS) with the hit rate as a
 * line on its own scale, drawn with visx as plain SVG. Hovering a bucket (or focusing the chart
 * and using the arrow keys) shows its counts in the shared chart tooltip.
 */
import { scaleBand, scaleLinear } from '@visx/scale';
import { BarStack, LinePath } from '@visx/shape';
import { useMemo, useRef } from 'react';
import type { HistoryBucket, StatsBucket } from '../../../shared/history.js';
import { ChartTooltip, ChartValueGrid, useChartCursor } from '../../components/chart.js';
import { formatCount } from '../../lib/format.js';
import { axisLabel, bucketTitle, duration, percent } from './history-format.js';
import { useWidth } from '../../lib/use-width.js';

const KEYS = ['hits', 'tooOld', 'misses'] as const;
type Key = (typeof KEYS)[number];
const KEY_CLASS: Record<Key, string> = { hits: 'hit', tooOld: 'too-old', misses: 'miss' };

const HEIGHT = 210;
const M = { top: 10, right: 40, bottom: 24, left: 40 };

interface Props {
  buckets: StatsBucket[];
  bucket: HistoryBucket;
  /** Draw the hit rate (meaningless when the lookups are filtered by status). */
  showRate: boolean;
}

/** Up to `max` evenly spread indexes to label on the x axis. */
function labelIndexes(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / max);
  return Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);
}

export function HitChart({ buckets, bucket, showRate }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef, 640);
  const cursor = useChartCursor(buckets.length);
  const hover = cursor.index;
  const innerW = Math.max(60, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;

  const ids = useMemo(() => buckets.map((b) => String(b.start)), [buckets]);
  const max = Math.max(1, ...buckets.map((b) => b.lookups));
  const x = scaleBand<string>({ domain: ids, range: [0, innerW], padding: 0.22 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  const rate = scaleLinear<number>({ domain: [0, 1], range: [innerH, 0] });
  const yTicks = y.ticks(4).filter((t) => Number.isInteger(t));
  const labels = labelIndexes(buckets.length, Math.max(2, Math.floor(innerW / 84)));
  const rated = showRate ? buckets.filter((b) => b.hitRate !== null) : [];
  const center = (b: StatsBucket) => (x(String(b.start)) ?? 0) + x.bandwidth() / 2;
  const shown = hover === null ? null : (buckets[hover] ?? null);

  const tipLeft = shown ? M.left + center(shown) : 0;

  return (
    <div className="chart-box" ref={boxRef} data-testid="history-chart">
      <svg
        width={width}
        height={HEIGHT}
        aria-label={`Cache lookups per ${bucket}: ${buckets
          .filter((b) => b.lookups > 0)
          .map(
            (b) =>
              `${bucketTitle(b.start, b.end, bucket)}: ${b.hits} hits, ${b.tooOld} too old, ${b.misses} misses`,
          )
          .join('; ')}`}
        {...cursor.svgProps}
      >
        <g transform={`translate(${M.left}, ${M.top})`}>
          <ChartValueGrid ticks={yTicks} y={y} width={innerW} label={formatCount} />
          {(showRate ? [0, 0.5, 1] : []).map((r) => (
            <text
              key={r}
              className="chart-axis hist-axis-rate"
              x={innerW + 8}
              y={rate(r)}
              dy="0.32em"
            >
              {percent(r)}
            </text>
          ))}
          {shown && (
            <rect
              className="hist-hover-band"
              x={(x(String(shown.start)) ?? 0) - (x.step() - x.bandwidth()) / 2}
              width={x.step()}
              height={innerH}
            />
          )}
          <BarStack<StatsBucket, Key>
            data={buckets}
            keys={[...KEYS]}
            x={(b) => String(b.start)}
            xScale={x}
            yScale={y}
            color={(k) => k}
          >
            {(stacks) =>
              stacks.flatMap((stack) =>
                stack.bars
                  .filter((bar) => bar.height > 0)
                  .map((bar) => (
                    <rect
                      key={`${stack.key}-${bar.index}`}
                      className={`hist-bar hist-${KEY_CLASS[stack.key]}`}
                      x={bar.x}
                      y={bar.y}
                      width={bar.width}
                      height={Math.max(1, bar.height)}
                    />
                  )),
              )
            }
          </BarStack>
          {rated.length > 1 && (
            <LinePath<StatsBucket>
              className="hist-rate-line"
              data={rated}
              x={center}
              y={(b) => rate(b.hitRate ?? 0)}
            />
          )}
          {rated.map((b) => (
            <circle
              key={b.start}
              className="hist-rate-dot"
              cx={center(b)}
              cy={rate(b.hitRate ?? 0)}
              r={2.5}
            />
          ))}
          <line className="chart-baseline" x1={0} x2={innerW} y1={innerH} y2={innerH} />
          {labels.map((i) => {
            const b = buckets[i];
            return b ? (
              <text
                key={b.start}
                className="chart-axis"
                x={center(b)}
                y={innerH + 16}
                textAnchor="middle"
              >
                {axisLabel(b.start, bucket)}
              </text>
            ) : null;
          })}
          {buckets.map((b, i) => (
            <rect
              key={b.start}
              className="chart-hit-area"
              data-testid="chart-bucket"
              x={(x(String(b.start)) ?? 0) - (x.step() - x.bandwidth()) / 2}
              width={x.step()}
              height={innerH}
              onMouseEnter={() => cursor.setIndex(i)}
            />
          ))}
        </g>
      </svg>
      {shown && (
        <ChartTooltip
          x={tipLeft}
          width={width}
          title={bucketTitle(shown.start, shown.end, bucket)}
          testId="chart-tooltip"
        >
          <dl>
            <dt>
              <span className="hist-dot hist-hit" /> Hit
            </dt>
            <dd>{formatCount(shown.hits)}</dd>
            <dt>
              <span className="hist-dot hist-too-old" /> Too old
            </dt>
            <dd>{formatCount(shown.tooOld)}</dd>
            <dt>
              <span className="hist-dot hist-miss" /> Miss
            </dt>
            <dd>{formatCount(shown.misses)}</dd>
            <dt>Hit rate</dt>
            <dd>{percent(shown.hitRate)}</dd>
            <dt>Median lookup</dt>
            <dd>{duration(shown.medianMs)}</dd>
          </dl>
        </ChartTooltip>
      )}
    </div>
  );
}
