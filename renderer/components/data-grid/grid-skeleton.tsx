/**
 * A data grid's frame with shimmering rows while its first rows are on their way: the same
 * columns, so nothing moves when the rows arrive.
 */
import type { ColumnDef } from '@tanstack/react-table';
import type { CSSProperties } from 'react';
import { gridTracks } from './columns.js';

const ROWS = 24;
/** Bar widths (% of the cell) that vary from row to row, so the frame reads as rows of text. */
const WIDTHS = [84, 62, 72, 50, 66, 42];

export function GridSkeleton<T>({
  columns,
  shownColumns,
  selectable = false,
  label,
  testId,
}: {
  columns: ColumnDef<T>[];
  shownColumns?: readonly string[];
  selectable?: boolean;
  /** What is loading, for screen readers: `Loading images`. */
  label: string;
  testId?: string;
}) {
  const shown = shownColumns ?? columns.map((c) => c.id ?? '');
  const tracks = gridTracks(columns, shown, selectable);
  const style = {
    '--dg-columns': tracks.template,
    minWidth: `${tracks.minWidth}px`,
  } as CSSProperties;
  const cells = (row: number) => (
    <>
      {selectable && <span className="dg-cell" />}
      {shown.map((id, i) => (
        <span key={id} className="dg-cell">
          <span
            className="skeleton-bar"
            style={{ width: `${WIDTHS[(row + i) % WIDTHS.length] ?? 50}%` }}
          />
        </span>
      ))}
    </>
  );
  return (
    <div className="dg-scroll dg-skeleton" role="status" aria-label={label} data-testid={testId}>
      <div className="dg" style={style} aria-hidden="true">
        <div className="dg-head">
          <div className="dg-row">{cells(0)}</div>
        </div>
        {Array.from({ length: ROWS }, (_, i) => (
          <div key={i} className="dg-row">
            {cells(i + 1)}
          </div>
        ))}
      </div>
      <span className="offscreen">{label}…</span>
    </div>
  );
}
