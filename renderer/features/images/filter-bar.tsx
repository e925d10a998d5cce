/**
 * The filter bar: the search box and the chips (Dangling, In use, Unused, Older than N days,
 * Update available, Label, Registry), each with the number of searched images it would show.
 */
import { SearchBox } from '../../components/search-box.js';
import type { RefObject } from 'react';
import { formatCount } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { FacetPicker } from './facet-picker.js';
import {
  DEFAULT_OLDER_THAN_DAYS,
  hasFilters,
  labelOptions,
  registryOptions,
  STATUS_CHIPS,
  STATUS_LABEL,
  type ChipCounts,
  type StatusChip,
} from '../../model/images/filters.js';
import type { ImageRow } from '../../model/images/rows.js';

const STATUS_HINT: Record<StatusChip, string> = {
  dangling: 'Untagged images that are not the parent of another: what `docker image prune` removes',
  inUse: 'Images a container (running or not) was created from',
  unused: 'Images no container uses, dangling ones included: what `docker image prune -a` removes',
};

function OlderThanChip({ count }: { count: number | null }) {
  const days = useAppStore((s) => s.imagesFilters.olderThanDays);
  const setFilters = useAppStore((s) => s.setImagesFilters);
  const on = days !== null;
  const shownDays = days ?? DEFAULT_OLDER_THAN_DAYS;
  return (
    <span className={`fchip-group${on ? ' is-active' : ''}`}>
      <button
        type="button"
        className="fchip-toggle"
        aria-pressed={on}
        data-testid="chip-older"
        title="Images created more than this many days ago"
        onClick={() => setFilters({ olderThanDays: on ? null : shownDays })}
      >
        Older than
      </button>
      <input
        type="number"
        className="fchip-days"
        min={0}
        max={36500}
        aria-label="Days"
        data-testid="chip-older-days"
        value={shownDays}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= 0 && n <= 36500) setFilters({ olderThanDays: n });
        }}
      />
      <span className="fchip-suffix">days</span>
      {count !== null && <span className="fchip-count">{formatCount(count)}</span>}
    </span>
  );
}

export interface FilterBarProps {
  counts: ChipCounts;
  /** Rows the search lets through (the pickers list their values). */
  searched: readonly ImageRow[];
  /** Hide chips that make no sense in the view (Dangling in the Dangling view). */
  hideStatus?: readonly StatusChip[];
  inputRef: RefObject<HTMLInputElement | null>;
  /** False while the first snapshot is on its way: no counts yet. */
  ready: boolean;
}

export function FilterBar({ counts, searched, hideStatus = [], inputRef, ready }: FilterBarProps) {
  const filters = useAppStore((s) => s.imagesFilters);
  const setFilters = useAppStore((s) => s.setImagesFilters);
  const clearFilters = useAppStore((s) => s.clearImagesFilters);
  const toggleStatus = (chip: StatusChip): void => {
    const on = filters.status.includes(chip);
    setFilters({
      status: on ? filters.status.filter((c) => c !== chip) : [...filters.status, chip],
    });
  };
  return (
    <div className="filter-bar" role="search" aria-label="Image filters">
      <SearchBox
        inputRef={inputRef}
        placeholder="Filter by name, tag, ID, digest or label"
        label="Filter images"
        keyShortcut="/"
        testId="images-filter"
        value={filters.text}
        onChange={(text) => setFilters({ text })}
      >
        <kbd className="kbd" aria-hidden="true">
          /
        </kbd>
      </SearchBox>
      <div className="chips" role="group" aria-label="Quick filters">
        {STATUS_CHIPS.filter((c) => !hideStatus.includes(c)).map((chip) => {
          const on = filters.status.includes(chip);
          return (
            <button
              key={chip}
              type="button"
              className={`fchip${on ? ' is-active' : ''}`}
              aria-pressed={on}
              title={STATUS_HINT[chip]}
              data-testid={`chip-${chip}`}
              onClick={() => toggleStatus(chip)}
            >
              {STATUS_LABEL[chip]}
              {ready && <span className="fchip-count">{formatCount(counts[chip])}</span>}
            </button>
          );
        })}
        <OlderThanChip count={ready ? counts.older : null} />
        <button
          type="button"
          className={`fchip${filters.updateAvailable ? ' is-active' : ''}`}
          aria-pressed={filters.updateAvailable}
          title="Images with a tag behind its registry, as the last Check for updates found"
          data-testid="chip-updateAvailable"
          onClick={() => setFilters({ updateAvailable: !filters.updateAvailable })}
        >
          Update available
          {ready && <span className="fchip-count">{formatCount(counts.updateAvailable)}</span>}
        </button>
        <FacetPicker
          title="Label"
          value={filters.label}
          count={counts.label}
          rows={searched}
          options={labelOptions}
          onChange={(label) => setFilters({ label })}
          testId="chip-label"
        />
        <FacetPicker
          title="Registry"
          value={filters.registry}
          count={counts.registry}
          rows={searched}
          options={registryOptions}
          onChange={(registry) => setFilters({ registry })}
          testId="chip-registry"
        />
        {hasFilters(filters) && (
          <button
            type="button"
            className="link-button"
            onClick={clearFilters}
            data-testid="clear-filters"
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
