/**
 * "Largest repositories": horizontal stacked bars (unique, then shared bytes) drawn with visx as
 * plain SVG; colors come from CSS classes, so nothing inline is needed under the strict CSP.
 */
import { scaleBand, scaleLinear } from '@visx/scale';
import { BarStackHorizontal } from '@visx/shape';
import { useRef } from 'react';
import { formatBytes, plural } from '../../lib/format.js';
import type { RepositoryUsage } from './usage-math.js';
import { useWidth } from '../../lib/use-width.js';

const KEYS = ['unique', 'shared'] as const;
type Key = (typeof KEYS)[number];

const LABEL_W = 150;
const VALUE_W = 64;
const BAR_H = 13;
const GAP = 6;

function shorten(name: string, max: number): string {
  return name.length <= max ? name : `…${name.slice(name.length - max + 1)}`;
}

export function RepoChart({ repos, known }: { repos: RepositoryUsage[]; known: boolean }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef, 360);
  const height = repos.length * (BAR_H + GAP);
  const barsW = Math.max(40, width - LABEL_W - VALUE_W);
  const max = Math.max(1, ...repos.map((r) => r.size));
  const xScale = scaleLinear<number>({ domain: [0, max], range: [0, barsW] });
  const yScale = scaleBand<string>({
    domain: repos.map((r) => r.repository),
    range: [0, height],
    paddingInner: GAP / (BAR_H + GAP),
  });
  const summary = repos.map((r) => `${r.repository}: ${formatBytes(r.size)}`).join('; ');
  return (
    <div className="repo-chart" ref={boxRef}>
      <svg
        width={width}
        height={Math.max(height, 1)}
        role="img"
        aria-label={`Largest repositories by size: ${summary}`}
        data-testid="repo-chart"
      >
        {repos.map((r) => (
          <g key={r.repository} transform={`translate(0, ${yScale(r.repository) ?? 0})`}>
            <text
              className="chart-label"
              x={LABEL_W - 10}
              y={BAR_H / 2}
              dy="0.35em"
              textAnchor="end"
            >
              <title>{r.repository}</title>
              {shorten(r.repository, 22)}
            </text>
            <rect className="chart-track" x={LABEL_W} width={barsW} height={BAR_H} rx={3} />
            <text className="chart-value" x={width - 2} y={BAR_H / 2} dy="0.35em" textAnchor="end">
              {formatBytes(r.size)}
            </text>
          </g>
        ))}
        <g transform={`translate(${LABEL_W}, 0)`}>
          <BarStackHorizontal<RepositoryUsage, Key>
            data={repos}
            keys={[...KEYS]}
            y={(r) => r.repository}
            xScale={xScale}
            yScale={yScale}
            color={(key) => key}
          >
            {(stacks) =>
              stacks.map((stack) =>
                stack.bars.map((bar) => (
                  <rect
                    key={`${stack.key}-${bar.index}`}
                    className={`chart-bar chart-${known ? stack.key : 'size'}`}
                    x={bar.x}
                    y={bar.y}
                    width={Math.max(0, bar.width)}
                    height={bar.height}
                  >
                    <title>
                      {`${bar.bar.data.repository} · ${plural(bar.bar.data.images, 'image')} · ${formatBytes(
                        bar.bar.data[stack.key],
                      )} ${stack.key}`}
                    </title>
                  </rect>
                )),
              )
            }
          </BarStackHorizontal>
        </g>
      </svg>
    </div>
  );
}
