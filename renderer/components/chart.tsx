/**
 * What the charts share: a cursor over their points (the pointer sets it; with the chart focused
 * the arrow keys, Home and End move it, Enter picks it and Escape clears it) and the tooltip that
 * shows the point under it, placed beside the point through the CSSOM (the strict CSP holds).
 * Charts draw with visx as plain SVG and take their colors from CSS classes (styles/chart.css).
 */
import { useState, type KeyboardEvent, type ReactNode } from 'react';

/** What a chart's <svg> spreads to take the cursor: focusable, keys move it, leaving clears it. */
export interface ChartSvgProps {
  role: 'img';
  tabIndex: 0;
  onKeyDown(e: KeyboardEvent): void;
  onBlur(): void;
  onMouseLeave(): void;
}

export interface ChartCursor {
  /** The point under the cursor, or null. */
  index: number | null;
  setIndex(index: number | null): void;
  onKeyDown(e: KeyboardEvent): void;
  svgProps: ChartSvgProps;
}

/** A cursor over `count` points; `onPick` is called with the point Enter picks. */
export function useChartCursor(count: number, onPick?: (index: number) => void): ChartCursor {
  const [index, setIndex] = useState<number | null>(null);
  const at = index !== null && index < count ? index : null;
  const onKeyDown = (e: KeyboardEvent): void => {
    if (count === 0) return;
    const last = count - 1;
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = at === null ? 0 : Math.min(last, at + 1);
    else if (e.key === 'ArrowLeft') next = at === null ? last : Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else if (e.key === 'Escape') setIndex(null);
    else if (e.key === 'Enter' && at !== null && onPick) {
      e.preventDefault();
      onPick(at);
    }
    if (next !== null) {
      e.preventDefault();
      setIndex(next);
    }
  };
  const clear = (): void => setIndex(null);
  return {
    index: at,
    setIndex,
    onKeyDown,
    svgProps: { role: 'img', tabIndex: 0, onKeyDown, onBlur: clear, onMouseLeave: clear },
  };
}

/** The dashed vertical line at `x` through a plot `height` px high that marks the cursor's point. */
export function ChartGuide({ x, height }: { x: number; height: number }) {
  return <line className="chart-guide" x1={x} x2={x} y1={0} y2={height} />;
}

/** Horizontal grid lines across a plot `width` px wide at `ticks` (at `y(t)`), labeled on the left. */
export function ChartValueGrid({
  ticks,
  y,
  width,
  label,
}: {
  ticks: number[];
  y: (t: number) => number;
  width: number;
  label: (t: number) => ReactNode;
}) {
  return ticks.map((t) => (
    <g key={t} transform={`translate(0, ${y(t)})`}>
      <line className="chart-grid" x1={0} x2={width} />
      <text className="chart-axis" x={-8} dy="0.32em" textAnchor="end">
        {label(t)}
      </text>
    </g>
  ));
}

/**
 * The tooltip of the point `x` px from the chart box's left edge: to its right, or to its left
 * when the point sits in the right part of a box `width` px wide.
 */
export function ChartTooltip({
  x,
  width,
  title,
  testId,
  children,
}: {
  x: number;
  width: number;
  title: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const onLeft = x > width * 0.62;
  return (
    <div
      className={`chart-tooltip${onLeft ? ' is-left' : ''}`}
      role="status"
      data-testid={testId}
      style={onLeft ? { right: `${width - x + 12}px` } : { left: `${x + 12}px` }}
    >
      <div className="chart-tooltip-title">{title}</div>
      {children}
    </div>
  );
}
