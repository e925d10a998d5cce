/**
 * The images table's columns: typed constants whose cells read the display row (an image, a
 * repository group, or an image under a group). Sorting is done outside the table (`sortRows`,
 * under the same column ids), so that only the visible rows become table rows; the leading
 * selection column is drawn by the grid itself.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { plural } from '../../lib/format.js';
import {
  ContainersCell,
  CreatedCell,
  DigestCell,
  GroupNameCell,
  GroupStatusCell,
  GroupUniqueCell,
  IdCell,
  NameCell,
  SharedCell,
  SizeCell,
  StatusCell,
  TagsCell,
  UniqueCell,
} from './cells.js';
import { COLUMN_IDS, COLUMN_TITLES, type ColumnId } from '../../model/images/column-prefs.js';
import type { DisplayRow } from '../../model/images/grouping.js';

type ImageColumn = ColumnDef<DisplayRow> & { id: ColumnId };

interface Layout {
  /** Least width in px. */
  min: number;
  /** Share of the width left over; none: the column keeps `min`. */
  fr?: number;
  numeric?: true;
  /** The first click sorts descending (biggest, newest, most first). */
  descFirst?: true;
  /** Kept while the details panel takes part of the width (it shows the others). */
  compact?: true;
}

const LAYOUT: Record<ColumnId, Layout> = {
  repository: { min: 170, fr: 2.2, compact: true },
  tags: { min: 120, fr: 1.5, compact: true },
  imageId: { min: 144 },
  digest: { min: 128 },
  created: { min: 108, descFirst: true, compact: true },
  size: { min: 88, numeric: true, descFirst: true, compact: true },
  sharedSize: { min: 88, numeric: true, descFirst: true },
  uniqueSize: { min: 88, numeric: true, descFirst: true, compact: true },
  containers: { min: 120, fr: 1.1, descFirst: true },
  status: { min: 290, fr: 0.8, descFirst: true, compact: true },
};

/** The columns kept beside the details panel: the user's choice of these, in the user's order. */
export const COMPACT_COLUMNS: ReadonlySet<ColumnId> = new Set(
  COLUMN_IDS.filter((id) => LAYOUT[id].compact),
);

function column(id: ColumnId, className: string, cell: ImageColumn['cell']): ImageColumn {
  return {
    id,
    header: COLUMN_TITLES[id],
    cell,
    meta: {
      className,
      min: LAYOUT[id].min,
      fr: LAYOUT[id].fr,
      numeric: LAYOUT[id].numeric,
      descFirst: LAYOUT[id].descFirst,
    },
  };
}

export const imageColumns: ImageColumn[] = [
  column('repository', 'col-repo', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') return <GroupNameCell group={d} />;
    if (d.kind === 'child') {
      return (
        <span className="child-name">
          <TagsCell tags={d.tags} repository={d.repository} />
        </span>
      );
    }
    return <NameCell value={d.repository} more={Math.max(0, d.repositories.length - 1)} />;
  }),
  column('tags', 'col-tags', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') {
      return (
        <span className="muted small">
          {d.tagCount === 0 ? 'untagged' : plural(d.tagCount, 'tag')}
        </span>
      );
    }
    if (d.kind === 'child') {
      // Under a group the repository's own tags are in the first column; here, the others.
      const others = d.row.tags.filter((t) => t.repository !== d.repository);
      return others.length > 0 ? <TagsCell tags={others} repository="" /> : null;
    }
    return <TagsCell tags={d.tags} repository={d.repository} />;
  }),
  column('imageId', 'col-id', ({ row }) => {
    const d = row.original;
    const image = d.kind === 'child' ? d.row : d.kind === 'image' ? d : null;
    return image ? <IdCell shortId={image.shortId} id={image.id} /> : null;
  }),
  column('digest', 'col-digest', ({ row }) => {
    const d = row.original;
    const image = d.kind === 'child' ? d.row : d.kind === 'image' ? d : null;
    return image ? <DigestCell digests={image.digests} /> : null;
  }),
  column('created', 'col-created', ({ row, table }) => {
    const d = row.original;
    const created = d.kind === 'child' ? d.row.created : d.created;
    return <CreatedCell created={created} now={table.options.meta?.now ?? Date.now()} />;
  }),
  column('size', 'col-size', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') {
      return (
        <SizeCell bytes={d.size} hint="Summed size of its images (shared layers once per image)" />
      );
    }
    return <SizeCell bytes={d.kind === 'child' ? d.row.size : d.size} />;
  }),
  column('sharedSize', 'col-shared', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') return null;
    return <SharedCell row={d.kind === 'child' ? d.row : d} />;
  }),
  column('uniqueSize', 'col-unique', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') return <GroupUniqueCell group={d} />;
    return <UniqueCell row={d.kind === 'child' ? d.row : d} />;
  }),
  column('containers', 'col-containers', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') {
      return d.containers > 0 ? <span className="count-pill">{d.containers}</span> : null;
    }
    return <ContainersCell containers={d.kind === 'child' ? d.row.containers : d.containers} />;
  }),
  column('status', 'col-status', ({ row }) => {
    const d = row.original;
    if (d.kind === 'group') return <GroupStatusCell group={d} />;
    return <StatusCell row={d.kind === 'child' ? d.row : d} />;
  }),
];
