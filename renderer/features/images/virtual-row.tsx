/**
 * One row of the images grid, positioned by the virtualizer and memoized on its data, so a delta
 * re-renders only the rows it changed. The leading selection cell is drawn here, the rest by the
 * columns.
 */
import { flexRender, type Row } from '@tanstack/react-table';
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { imageOf, type DisplayRow } from '../../model/images/grouping.js';

export function Checkbox({
  checked,
  label,
  onToggle,
  testId,
}: {
  checked: boolean | 'mixed';
  label: string;
  onToggle: (e: MouseEvent) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = checked === 'mixed';
  }, [checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="checkbox"
      aria-label={label}
      checked={checked === true}
      readOnly
      tabIndex={-1}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        onToggle(e);
      }}
    />
  );
}

export function rowName(d: DisplayRow): string {
  if (d.kind === 'group') return `repository ${d.repository}`;
  const image = imageOf(d);
  if (!image) return '';
  return image.tags[0]?.ref ?? `${image.repository} ${image.shortId}`;
}

export interface VirtualRowProps {
  row: Row<DisplayRow>;
  /** Position in the display rows (0-based). */
  index: number;
  start: number;
  selected: boolean | 'mixed';
  active: boolean;
  domId: string;
  /** Changes when the visible columns change, so the row re-renders. */
  columnsKey: string;
  now: number;
  onRowClick(key: string, e: MouseEvent): void;
  onRowDoubleClick(key: string): void;
  onCheck(key: string, e: MouseEvent): void;
  rowKey: string;
}

export const VirtualRow = memo(
  function VirtualRow(props: VirtualRowProps) {
    const { row, index, start, selected, active, domId, rowKey } = props;
    const d = row.original;
    const classes = ['dt-row', `row-${d.kind}`];
    if (selected === true) classes.push('is-selected');
    if (active) classes.push('is-active');
    return (
      <tr
        id={domId}
        role="row"
        className={classes.join(' ')}
        aria-rowindex={index + 2}
        aria-selected={selected === true}
        aria-level={d.kind === 'image' ? undefined : d.kind === 'group' ? 1 : 2}
        aria-expanded={d.kind === 'group' ? d.expanded : undefined}
        data-index={index}
        data-row-id={rowKey}
        data-kind={d.kind}
        data-testid={d.kind === 'group' ? 'group-row' : 'image-row'}
        style={{ transform: `translateY(${start}px)` }}
        onMouseDown={(e) => {
          // Shift-click selects rows, not text.
          if (e.shiftKey) e.preventDefault();
        }}
        onClick={(e) => props.onRowClick(rowKey, e)}
        onDoubleClick={() => props.onRowDoubleClick(rowKey)}
      >
        <td role="gridcell" className="dt-cell col-select">
          <Checkbox
            checked={selected}
            label={`Select ${rowName(d)}`}
            onToggle={(e) => props.onCheck(rowKey, e)}
          />
        </td>
        {row.getVisibleCells().map((cell) => (
          <td
            key={cell.column.id}
            role="gridcell"
            className={`dt-cell ${cell.column.columnDef.meta?.className ?? ''}`}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.row.original === b.row.original &&
    a.index === b.index &&
    a.start === b.start &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.columnsKey === b.columnsKey &&
    a.now === b.now &&
    a.onRowClick === b.onRowClick &&
    a.onCheck === b.onCheck,
);
