/** What the heads and the rows of a data grid both draw: a cell's classes and the checkbox. */
import { useEffect, useRef, type MouseEvent } from 'react';

/** A checkbox that can show `mixed`; clicks go to `onToggle` only (the row does not hear them). */
export function Checkbox({
  checked,
  label,
  onToggle,
  testId,
}: {
  checked: boolean | 'mixed';
  label: string;
  onToggle(e: MouseEvent): void;
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

/** The classes of a head or a cell of a column: numbers right-aligned, the column's own class. */
export function cellClass(meta: { className?: string; numeric?: boolean } | undefined): string {
  return `dg-cell${meta?.numeric ? ' dg-num' : ''}${meta?.className ? ` ${meta.className}` : ''}`;
}
