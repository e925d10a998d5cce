/**
 * The Label and Registry chips: a button that opens a searchable list of the values the searched
 * images have, each with its count. The list is computed only while it is open.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Popover } from '../../components/popover.js';
import { formatCount } from '../../lib/format.js';
import type { FacetOption } from '../../model/images/filters.js';
import type { ImageRow } from '../../model/images/rows.js';

const MAX_SHOWN = 60;

function OptionList({
  rows,
  options: optionsOf,
  title,
  onPick,
}: {
  rows: readonly ImageRow[];
  options: (rows: readonly ImageRow[]) => FacetOption[];
  title: string;
  onPick(value: string): void;
}) {
  const [query, setQuery] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus({ preventScroll: true }), []);
  const options = useMemo(() => optionsOf(rows), [optionsOf, rows]);
  const q = query.trim().toLowerCase();
  const matching = q ? options.filter((o) => o.value.toLowerCase().includes(q)) : options;
  const shown = matching.slice(0, MAX_SHOWN);
  return (
    <div className="facet-list">
      <input
        type="search"
        className="facet-search"
        placeholder={`Find a ${title.toLowerCase()}`}
        aria-label={`Find a ${title.toLowerCase()}`}
        value={query}
        ref={inputRef}
        onChange={(e) => setQuery(e.target.value)}
      />
      {shown.length === 0 ? (
        <p className="facet-empty">No {title.toLowerCase()} among these images.</p>
      ) : (
        <ul className="facet-options" aria-label={`${title}s`}>
          {shown.map((o) => (
            <li key={o.value}>
              <button type="button" className="facet-option" onClick={() => onPick(o.value)}>
                <span className="truncate">{o.value}</span>
                <span className="fchip-count">{formatCount(o.count)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {matching.length > shown.length && (
        <p className="facet-more">
          {formatCount(matching.length - shown.length)} more — type to narrow the list.
        </p>
      )}
    </div>
  );
}

export interface FacetPickerProps {
  /** `Label`, `Registry`. */
  title: string;
  value: string | null;
  /** Images with the chosen value, among the searched ones. */
  count: number;
  rows: readonly ImageRow[];
  options: (rows: readonly ImageRow[]) => FacetOption[];
  onChange(value: string | null): void;
  testId: string;
}

export function FacetPicker({
  title,
  value,
  count,
  rows,
  options,
  onChange,
  testId,
}: FacetPickerProps) {
  if (value !== null) {
    return (
      <span className="fchip-group is-active" data-testid={testId}>
        <span className="fchip-static">
          {title}: <strong className="fchip-value">{value}</strong>
          <span className="fchip-count">{formatCount(count)}</span>
        </span>
        <button
          type="button"
          className="fchip-remove"
          aria-label={`Remove the ${title.toLowerCase()} filter ${value}`}
          onClick={() => onChange(null)}
        >
          ×
        </button>
      </span>
    );
  }
  return (
    <Popover
      className="fchip"
      label={
        <>
          {title}
          <span className="caret" aria-hidden="true">
            ▾
          </span>
        </>
      }
      ariaLabel={`Filter by ${title.toLowerCase()}`}
      testId={testId}
    >
      {(close) => (
        <OptionList
          rows={rows}
          options={options}
          title={title}
          onPick={(v) => {
            onChange(v);
            close();
          }}
        />
      )}
    </Popover>
  );
}
