/**
 * The Files tab's grid: paths as a tree of folders in a virtualized tree grid. A folder opens and
 * closes with its arrow button, Enter, or Right and Left (Left on a file or a closed folder goes to
 * its folder); each folder's contents follow the grid's order; the path filter keeps the matches
 * and the folders that lead to them. Every folder starts open.
 */
import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import {
  DataGrid,
  gridColumn,
  type GridTree,
  type SortValue,
} from '../../components/data-grid/index.js';
import {
  buildFileTree,
  treeRows,
  type FileNode,
  type FileRow,
  type PathEntry,
} from './file-tree.js';

/** A column of the grid after the path: its head, width, text and sort value. */
export interface FileColumn<T extends PathEntry> {
  id: string;
  header: string;
  min: number;
  numeric?: boolean;
  descFirst?: boolean;
  text(node: FileNode<T>): string;
  /** The sort value; none: the column does not sort. */
  sort?(node: FileNode<T>): SortValue;
}

const keyOf = <T extends PathEntry>(r: FileRow<T>): string => r.node.path;
const INDENT = 14;

export function FileTreeGrid<T extends PathEntry>({
  entries,
  columns,
  label,
  text,
  link,
  rowTestId,
  testId,
}: {
  entries: readonly T[];
  columns: readonly FileColumn<T>[];
  label: string;
  text: string;
  /** What a path points to (a link's target), shown after its name. */
  link?(entry: T): string | null;
  rowTestId: string;
  testId: string;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'size', desc: true }]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const roots = useMemo(() => buildFileTree(entries), [entries]);
  const setOpen = useCallback((path: string, open: boolean) => {
    setCollapsed((was) => {
      if (was.has(path) === !open) return was;
      const next = new Set(was);
      if (open) next.delete(path);
      else next.add(path);
      return next;
    });
  }, []);
  const valueOf = useCallback(
    (node: FileNode<T>, id: string): SortValue =>
      id === 'path' ? node.name : (columns.find((c) => c.id === id)?.sort?.(node) ?? null),
    [columns],
  );
  const rows = useMemo(
    () => treeRows(roots, { collapsed, text, sorting, valueOf }),
    [roots, collapsed, text, sorting, valueOf],
  );
  const gridColumns = useMemo<ColumnDef<FileRow<T>>[]>(
    () => [
      gridColumn<FileRow<T>>({
        id: 'path',
        header: 'Path',
        min: 200,
        fr: 1,
        sortable: true,
        cell: (c) => {
          const { node, expanded } = c.row.original;
          const target = node.entry && link ? link(node.entry) : null;
          const name = target !== null ? `${node.name} → ${target}` : node.name;
          return (
            <span className="file-name" style={{ paddingLeft: (node.level - 1) * INDENT }}>
              {node.folder ? (
                <button
                  type="button"
                  className="icon-button file-toggle"
                  tabIndex={-1}
                  aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.path}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpen(node.path, !expanded);
                  }}
                >
                  <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                </button>
              ) : (
                <span className="file-toggle" aria-hidden="true" />
              )}
              <span className="truncate mono" title={node.path}>
                {name}
              </span>
            </span>
          );
        },
      }),
      ...columns.map((col) =>
        gridColumn<FileRow<T>>({
          id: col.id,
          header: col.header,
          min: col.min,
          numeric: col.numeric,
          sortable: col.sort !== undefined,
          descFirst: col.descFirst,
          value: (r) => col.text(r.node),
        }),
      ),
    ],
    [columns, link, setOpen],
  );
  const tree: GridTree<FileRow<T>> = {
    info: (r) => ({
      kind: r.node.folder ? 'group' : 'child',
      expanded: r.expanded,
      level: r.node.level,
    }),
    onExpand: (r, open) => setOpen(r.node.path, open),
    onToParent: (r) => {
      if (r.node.parent) setActiveKey(r.node.parent.path);
    },
  };
  const rowAttributes = useCallback(() => ({ 'data-testid': rowTestId }), [rowTestId]);
  return (
    <DataGrid
      rows={rows}
      columns={gridColumns}
      rowKey={keyOf}
      label={label}
      sorting={sorting}
      onSortingChange={setSorting}
      activeKey={activeKey}
      onActiveChange={setActiveKey}
      tree={tree}
      rowAttributes={rowAttributes}
      resetKey={`${text}|${JSON.stringify(sorting)}`}
      testId={testId}
      scrollTestId={`${testId}-scroll`}
    />
  );
}
