/**
 * Compare…: two images side by side as the layer explorer sees them: the layers they share (and
 * their bytes), and every file that differs between their merged trees (added, removed, changed
 * with its size delta), in a virtualized grid filtered by path.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { FileDiff } from '../../../shared/layers.js';
import { DataGrid, gridColumn } from '../../components/data-grid/index.js';
import { Modal } from '../../components/modal.js';
import { SearchBox } from '../../components/search-box.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Failed, Loading } from './fields.js';
import './files-tab.css';

/** `+1.2 MB`, `−300 B`. */
export function signedBytes(delta: number): string {
  return delta < 0 ? `−${formatBytes(-delta)}` : `+${formatBytes(delta)}`;
}

const COLUMNS: ColumnDef<FileDiff>[] = [
  gridColumn<FileDiff>({ id: 'change', header: 'Change', min: 88, value: (f) => f.change }),
  gridColumn<FileDiff>({
    id: 'delta',
    header: 'Delta',
    min: 96,
    numeric: true,
    value: (f) => signedBytes(f.delta),
  }),
  gridColumn<FileDiff>({
    id: 'path',
    header: 'Path',
    min: 240,
    fr: 1,
    value: (f) => f.path,
    className: 'mono',
  }),
];

const keyOf = (f: FileDiff): string => f.path;
const rowAttributes = () => ({ 'data-testid': 'diff-row' });

export function CompareDialog({
  a,
  b,
  onClose,
}: {
  /** Ids or references of the two images, the older first. */
  a: { id: string; name: string };
  b: { id: string; name: string };
  onClose(): void;
}) {
  const entry = useAppStore((s) => s.detailsDiffs.get(`${a.id}|${b.id}`));
  const loadDiff = useAppStore((s) => s.loadDiff);
  const [text, setText] = useState('');
  useEffect(() => {
    void loadDiff(a.id, b.id);
  }, [a.id, b.id, loadDiff]);
  const files = entry?.status === 'ready' ? entry.value.files : null;
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (files ?? []).filter((f) => needle === '' || f.path.toLowerCase().includes(needle));
  }, [files, text]);
  return (
    <Modal title={`Compare ${a.name} → ${b.name}`} onClose={onClose} size="wide" testId="compare">
      {!entry || entry.status === 'loading' ? (
        <Loading what="both images' files by layer" />
      ) : entry.status === 'error' ? (
        <Failed message={entry.message} onRetry={() => void loadDiff(a.id, b.id, true)} />
      ) : (
        <div className="compare-body">
          <p className="details-note" data-testid="compare-summary">
            {plural(entry.value.sharedLayers.length, 'shared layer')} (
            {formatBytes(entry.value.sharedBytes)}) · {formatCount(entry.value.added)} added ·{' '}
            {formatCount(entry.value.removed)} removed · {formatCount(entry.value.changed)} changed
            · {signedBytes(entry.value.delta)}
          </p>
          <SearchBox
            value={text}
            onChange={setText}
            placeholder="Filter by path"
            label="Filter differences by path"
            testId="compare-filter"
          />
          <div className="files-grid">
            <DataGrid
              rows={rows}
              columns={COLUMNS}
              rowKey={keyOf}
              label="Differences"
              rowAttributes={rowAttributes}
              resetKey={text}
              testId="compare-grid"
            />
          </div>
        </div>
      )}
    </Modal>
  );
}
