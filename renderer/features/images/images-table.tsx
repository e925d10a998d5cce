/**
 * The images grid: a DataGrid over the display rows (already filtered, sorted and grouped by pure
 * functions), with the selection column, the user's columns, and a tree when grouped by
 * repository. A move of the active row also selects it (Shift extends), like a file manager.
 */
import { useMemo, type MouseEvent } from 'react';
import { DataGrid, type GridSelection, type GridTree } from '../../components/data-grid/index.js';
import { useNow } from '../../components/use-now.js';
import { visibleColumns } from '../../model/images/column-prefs.js';
import { groupKey, imageOf, keyOf, type DisplayRow } from '../../model/images/grouping.js';
import { clickRow, isSelected, moveActive, toggleAll } from '../../model/images/selection.js';
import { useAppStore } from '../../store/store-context.js';
import { COMPACT_COLUMNS, imageColumns } from './columns.js';

export interface ImagesTableProps {
  display: DisplayRow[];
  /** Ids of every image the filters let through (what "select all" selects). */
  filteredIds: readonly string[];
  /** The grid's accessible name. */
  label: string;
  /** When this changes (a new filter or order), the grid scrolls back to the top. */
  resetKey: string;
  /** Opens the details panel on the active image. */
  onOpen(): void;
}

/** How a row is named to screen readers: its first tag, or its repository and short id. */
function rowName(d: DisplayRow): string {
  if (d.kind === 'group') return `repository ${d.repository}`;
  const image = imageOf(d);
  if (!image) return '';
  return image.tags[0]?.ref ?? `${image.repository} ${image.shortId}`;
}

function rowAttributes(d: DisplayRow) {
  return {
    className: `row-${d.kind}`,
    'data-row-id': keyOf(d),
    'data-kind': d.kind,
    'data-testid': d.kind === 'group' ? 'group-row' : 'image-row',
  };
}

const treeInfo = (d: DisplayRow) =>
  d.kind === 'group' ? { kind: 'group', expanded: d.expanded } : { kind: d.kind };

export function ImagesTable({ display, filteredIds, label, resetKey, onOpen }: ImagesTableProps) {
  const sorting = useAppStore((s) => s.imagesSorting);
  const setSorting = useAppStore((s) => s.setImagesSorting);
  const prefs = useAppStore((s) => s.imagesColumnPrefs);
  const selection = useAppStore((s) => s.selection);
  const setSelection = useAppStore((s) => s.setSelection);
  const toggleGroup = useAppStore((s) => s.toggleImagesGroup);
  const grouped = useAppStore((s) => s.imagesGroupBy === 'repository');
  const detailsOpen = useAppStore((s) => s.detailsOpen);
  const setDetailsOpen = useAppStore((s) => s.setDetailsOpen);
  const now = useNow(30_000);
  const meta = useMemo(() => ({ now }), [now]);

  const shown = visibleColumns(prefs).filter((id) => !detailsOpen || COMPACT_COLUMNS.has(id));
  const select = setSelection;

  const selectedCount = filteredIds.reduce((n, id) => n + (selection.selected.has(id) ? 1 : 0), 0);
  const checks: GridSelection<DisplayRow> = {
    checked: (d) => isSelected(selection, d),
    all: selectedCount === 0 ? false : selectedCount === filteredIds.length ? true : 'mixed',
    allLabel: 'Select all filtered images',
    rowLabel: (d) => `Select ${rowName(d)}`,
    onCheck: (d, e) =>
      select((s) => clickRow(s, display, keyOf(d), { range: e.shiftKey, toggle: true })),
    onCheckAll: () => select((s) => toggleAll(s, filteredIds)),
  };

  const tree: GridTree<DisplayRow> | undefined = grouped
    ? {
        info: treeInfo,
        onExpand: (d, open) => {
          if (d.kind === 'group') toggleGroup(d.repository, open);
        },
        onToParent: (d) => {
          if (d.kind !== 'child') return;
          const key = groupKey(d.repository);
          select((s) => ({ ...s, active: key, anchor: key }));
        },
      }
    : undefined;

  const onRowClick = (d: DisplayRow, e: MouseEvent): void => {
    const key = keyOf(d);
    if (d.kind === 'group' && !e.shiftKey && !(e.ctrlKey || e.metaKey)) {
      toggleGroup(d.repository);
      select((s) => ({ ...s, active: key, anchor: key }));
    } else {
      select((s) =>
        clickRow(s, display, key, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey }),
      );
    }
  };

  return (
    <DataGrid
      rows={display}
      columns={imageColumns}
      rowKey={keyOf}
      label={label}
      shownColumns={shown}
      meta={meta}
      sorting={sorting}
      onSortingChange={setSorting}
      multiSort
      activeKey={selection.active}
      onActiveChange={(key) => select((s) => ({ ...s, active: key }))}
      activateOnFocus
      isSelected={(d) => isSelected(selection, d) === true}
      selection={checks}
      tree={tree}
      onMove={(by, extend) => select((s) => moveActive(s, display, by, extend))}
      onOpen={(d) => {
        if (imageOf(d)) onOpen();
      }}
      onToggleSelect={(d) => select((s) => clickRow(s, display, keyOf(d), { toggle: true }))}
      onSelectAll={() => select((s) => toggleAll(s, filteredIds))}
      onEscape={() => {
        if (selection.selected.size > 0) select((s) => ({ ...s, selected: new Set() }));
        else if (detailsOpen) setDetailsOpen(false);
      }}
      onRowClick={onRowClick}
      rowAttributes={rowAttributes}
      resetKey={resetKey}
      className="images-grid"
      testId="images-table"
      scrollTestId="images-table-scroll"
    />
  );
}
