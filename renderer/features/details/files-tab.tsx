/**
 * The Files tab: the image's merged files as its layers built them. On top, what the image wastes
 * and its efficiency (dive's score); then its layers (the step, the size, what each adds, changes
 * and removes): picking one shows only the files that layer wrote last. The files
 * filter by path and sort by size, path or layer, in a virtualized grid.
 */
import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { modeString, type TreeFile } from '../../../shared/layers.js';
import { DataGrid, gridColumn, sortRows } from '../../components/data-grid/index.js';
import { SearchBox } from '../../components/search-box.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Failed, Loading } from './fields.js';
import './files-tab.css';

/** The files a path filter and a layer let through. */
export function visibleFiles(
  files: readonly TreeFile[],
  text: string,
  layer: number | null,
): TreeFile[] {
  const needle = text.trim().toLowerCase();
  return files.filter(
    (f) =>
      (layer === null || f.layer === layer) &&
      (needle === '' || f.path.toLowerCase().includes(needle)),
  );
}

const COLUMNS: ColumnDef<TreeFile>[] = [
  gridColumn<TreeFile>({
    id: 'path',
    header: 'Path',
    min: 200,
    fr: 1,
    sortable: true,
    value: (f) => (f.link !== null ? `${f.path} → ${f.link}` : f.path),
    className: 'mono',
  }),
  gridColumn<TreeFile>({
    id: 'size',
    header: 'Size',
    min: 84,
    numeric: true,
    sortable: true,
    descFirst: true,
    value: (f) => (f.type === 'dir' ? '' : formatBytes(f.size)),
  }),
  gridColumn<TreeFile>({
    id: 'layer',
    header: 'Layer',
    min: 64,
    numeric: true,
    sortable: true,
    value: (f) => String(f.layer),
  }),
  gridColumn<TreeFile>({
    id: 'mode',
    header: 'Mode',
    min: 104,
    value: (f) => modeString(f.type, f.mode),
    className: 'mono',
  }),
];

const keyOf = (f: TreeFile): string => f.path;
const rowAttributes = () => ({ 'data-testid': 'file-row' });
const valueOf = (f: TreeFile, id: string) =>
  id === 'size' ? f.size : id === 'layer' ? f.layer : f.path;

export function FilesTab({ id }: { id: string }) {
  const entry = useAppStore((s) => s.detailsFiles.get(id));
  const loadFiles = useAppStore((s) => s.loadFiles);
  const [text, setText] = useState('');
  const [layer, setLayer] = useState<number | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'size', desc: true }]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  useEffect(() => {
    void loadFiles(id);
  }, [id, loadFiles]);
  const files = entry?.status === 'ready' ? entry.value.tree.files : null;
  const rows = useMemo(
    () => (files ? sortRows(visibleFiles(files, text, layer), sorting, valueOf) : []),
    [files, text, layer, sorting],
  );
  if (!entry || entry.status === 'loading') return <Loading what="the files by layer" />;
  if (entry.status === 'error') {
    return <Failed message={entry.message} onRetry={() => void loadFiles(id, true)} />;
  }
  const { layers, waste } = entry.value;
  return (
    <div className="files-tab" data-testid="details-files">
      <p className="details-note" data-testid="files-waste">
        Efficiency {(waste.efficiency * 100).toFixed(1)} % · wasted {formatBytes(waste.wastedBytes)}{' '}
        <span
          className="muted"
          title="dive's figure: the size of every path in more than one layer"
        >
          (dive: {formatBytes(waste.diveWastedBytes)})
        </span>{' '}
        · {plural(files?.length ?? 0, 'path')}
      </p>
      {waste.worst.length > 0 && (
        <table className="plain-table files-worst" aria-label="Files that waste the most">
          <thead>
            <tr>
              <th>Wasted</th>
              <th>Copies</th>
              <th>Layers</th>
              <th>Path</th>
            </tr>
          </thead>
          <tbody>
            {waste.worst.slice(0, 3).map((w) => (
              <tr key={w.path}>
                <td className="num">{formatBytes(w.wastedBytes)}</td>
                <td className="num">{formatCount(w.copies)}</td>
                <td>{w.layers.join(', ')}</td>
                <td className="mono truncate" title={w.path}>
                  {w.path}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="files-body">
        <ol className="files-layers" aria-label="Layers, oldest first">
          <li>
            <button
              type="button"
              className="files-layer"
              aria-pressed={layer === null}
              onClick={() => setLayer(null)}
            >
              All layers
            </button>
          </li>
          {layers.layers.map((l) => (
            <li key={l.index}>
              <button
                type="button"
                className="files-layer"
                aria-pressed={layer === l.index}
                data-testid="files-layer"
                title={l.step ?? undefined}
                onClick={() => setLayer(layer === l.index ? null : l.index)}
              >
                <span className="num">{l.index}</span>
                <span className="files-layer-step mono truncate">{l.step ?? '(no step)'}</span>
                <span className="num">{formatBytes(l.size)}</span>
                <span className="muted small">
                  +{formatCount(l.added)} ~{formatCount(l.changed)} −{formatCount(l.removed)}
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="files-list">
          <SearchBox
            value={text}
            onChange={setText}
            placeholder="Filter by path"
            label="Filter files by path"
            testId="files-filter"
          />
          <div className="files-grid">
            <DataGrid
              rows={rows}
              columns={COLUMNS}
              rowKey={keyOf}
              label={layer === null ? 'Files' : `Files layer ${layer} wrote last`}
              sorting={sorting}
              onSortingChange={setSorting}
              activeKey={activeKey}
              onActiveChange={setActiveKey}
              rowAttributes={rowAttributes}
              resetKey={`${text}|${layer}|${JSON.stringify(sorting)}`}
              testId="files-grid"
            />
          </div>
        </div>
      </div>
    </div>
  );
}
