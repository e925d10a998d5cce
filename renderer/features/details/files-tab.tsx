/**
 * The Files tab: the image's merged files as its layers built them. While the layers are read
 * from the engine, the read's progress and Cancel; a cancelled read says so and offers to read
 * again. Then, on top, what the image wastes and its efficiency (dive's score); its layers (the
 * step, the size, what each adds, changes and removes): picking one shows exactly what that layer
 * added, changed and removed. The files are a tree of folders in a virtualized grid, filtered by
 * path and sorted by size, path or layer.
 */
import { useEffect, useState } from 'react';
import {
  modeString,
  type LayerChange,
  type TreeFile,
  type WasteReport,
} from '../../../shared/layers.js';
import { SearchBox } from '../../components/search-box.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTask } from '../../store/slices/tasks.js';
import { ProgressBar } from '../tasks/progress-bar.js';
import { taskFraction } from '../tasks/task-progress.js';
import { Failed, Loading } from './fields.js';
import { FileTreeGrid, type FileColumn } from './file-tree-grid.js';
import './files-tab.css';

/** A file's size; a folder's is everything under it. */
const sizeText = (n: { size: number }) => formatBytes(n.size);

const FILE_COLUMNS: FileColumn<TreeFile>[] = [
  {
    id: 'size',
    header: 'Size',
    min: 84,
    numeric: true,
    descFirst: true,
    text: sizeText,
    sort: (n) => n.size,
  },
  {
    id: 'layer',
    header: 'Layer',
    min: 64,
    numeric: true,
    text: (n) => (n.entry ? String(n.entry.layer) : ''),
    sort: (n) => n.entry?.layer ?? null,
  },
  {
    id: 'mode',
    header: 'Mode',
    min: 104,
    text: (n) => (n.entry ? modeString(n.entry.type, n.entry.mode) : ''),
  },
];

const CHANGE_COLUMNS: FileColumn<LayerChange>[] = [
  {
    id: 'change',
    header: 'Change',
    min: 84,
    text: (n) => n.entry?.change ?? '',
    sort: (n) => n.entry?.change ?? null,
  },
  {
    id: 'size',
    header: 'Size',
    min: 84,
    numeric: true,
    descFirst: true,
    text: sizeText,
    sort: (n) => n.size,
  },
  {
    id: 'before',
    header: 'Before',
    min: 84,
    numeric: true,
    text: (n) => (n.entry?.before != null ? formatBytes(n.entry.before) : ''),
  },
];

const fileLink = (f: TreeFile) => f.link;

/** One image's tab: the filter, the layer picked and the closed folders start over with another. */
export function FilesTab({ id }: { id: string }) {
  return <ImageFiles key={id} id={id} />;
}

function ImageFiles({ id }: { id: string }) {
  const entry = useAppStore((s) => s.detailsFiles.get(id));
  const loadFiles = useAppStore((s) => s.loadFiles);
  const [text, setText] = useState('');
  const [layer, setLayer] = useState<number | null>(null);
  useEffect(() => {
    void loadFiles(id);
  }, [id, loadFiles]);
  if (!entry || entry.status === 'loading') return <Loading what="the files by layer" />;
  if (entry.status === 'reading') return <Reading taskId={entry.taskId} />;
  if (entry.status === 'cancelled') {
    return (
      <div className="callout" role="status" data-testid="files-cancelled">
        <p>Reading the layers was cancelled; nothing from the read was stored.</p>
        <button
          type="button"
          className="button button-small"
          data-testid="files-read-again"
          onClick={() => void loadFiles(id, true)}
        >
          Read again
        </button>
      </div>
    );
  }
  if (entry.status === 'error') {
    return <Failed message={entry.message} onRetry={() => void loadFiles(id, true)} />;
  }
  const { layers, waste, tree } = entry.value;
  return (
    <div className="files-tab" data-testid="details-files">
      <WasteSummary waste={waste} paths={tree.files.length} />
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
            {layer === null ? (
              <FileTreeGrid
                entries={tree.files}
                columns={FILE_COLUMNS}
                label="Files"
                text={text}
                link={fileLink}
                rowTestId="file-row"
                testId="files-grid"
              />
            ) : (
              <LayerChangesGrid key={layer} id={id} layer={layer} text={text} />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

/** The read from the engine on its way: bytes and layers read, and Cancel. */
function Reading({ taskId }: { taskId: string }) {
  const task = useAppStore(selectTask(taskId));
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="files-reading" role="status" data-testid="files-reading">
      <ProgressBar value={task ? taskFraction(task) : null} label="Reading the layers" />
      <p className="details-note">{task?.progress.message || 'Reading the layers…'}</p>
      <button
        type="button"
        className="button button-small button-danger-outline"
        data-testid="files-cancel"
        disabled={cancelling}
        onClick={() => {
          setCancelling(true);
          void cancelTask(taskId).catch(() => setCancelling(false));
        }}
      >
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}

function WasteSummary({ waste, paths }: { waste: WasteReport; paths: number }) {
  return (
    <>
      <p className="details-note" data-testid="files-waste">
        Efficiency {(waste.efficiency * 100).toFixed(1)} % · wasted {formatBytes(waste.wastedBytes)}{' '}
        <span
          className="muted"
          title="dive's figure: the size of every path in more than one layer"
        >
          (dive: {formatBytes(waste.diveWastedBytes)})
        </span>{' '}
        · {plural(paths, 'path')}
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
    </>
  );
}

/** Exactly what one layer added, changed and removed (a whiteout is a removal). */
function LayerChangesGrid({ id, layer, text }: { id: string; layer: number; text: string }) {
  const entry = useAppStore((s) => s.detailsChanges.get(`${id}|${layer}`));
  const loadChanges = useAppStore((s) => s.loadChanges);
  useEffect(() => {
    void loadChanges(id, layer);
  }, [id, layer, loadChanges]);
  if (!entry || entry.status === 'loading') return <Loading what={`what layer ${layer} changed`} />;
  if (entry.status === 'error') {
    return <Failed message={entry.message} onRetry={() => void loadChanges(id, layer, true)} />;
  }
  return (
    <FileTreeGrid
      entries={entry.value.changes}
      columns={CHANGE_COLUMNS}
      label={`What layer ${layer} changed`}
      text={text}
      rowTestId="change-row"
      testId="changes-grid"
    />
  );
}
