/** The Layers tab: the image's history as Dockerfile steps, oldest first, empty steps marked. */
import { useEffect } from 'react';
import { formatAge, formatBytes, formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Failed, Loading } from './fields.js';

/**
 * The step without the classic builder's `/bin/sh -c #(nop)` noise, BuildKit's `# buildkit` mark,
 * or the keyword (shown beside it).
 */
export function cleanStep(createdBy: string, instruction: string): string {
  const text = createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, '')
    .replace(/\s*# buildkit$/, '')
    .trim();
  return text.startsWith(`${instruction} `) ? text.slice(instruction.length + 1).trim() : text;
}

export function LayersTab({ id }: { id: string }) {
  const entry = useAppStore((s) => s.detailsLayers.get(id));
  const loadLayers = useAppStore((s) => s.loadLayers);
  useEffect(() => {
    void loadLayers(id);
  }, [id, loadLayers]);
  if (!entry || entry.status === 'loading') return <Loading what="the layers" />;
  if (entry.status === 'error') {
    return <Failed message={entry.message} onRetry={() => void loadLayers(id, true)} />;
  }
  const { layers, emptyExact } = entry.value;
  const empty = layers.filter((l) => l.empty).length;
  const total = layers.reduce((n, l) => n + l.size, 0);
  const now = Date.now();
  return (
    <div data-testid="details-layers">
      <p className="details-note">
        {plural(layers.length, 'step')} · {formatCount(layers.length - empty)} with files ·{' '}
        {formatCount(empty)} empty · {formatBytes(total)}
        {!emptyExact && (
          <span
            className="muted"
            title="Docker does not say which steps are empty; counted from the instruction"
          >
            {' '}
            (empty steps inferred)
          </span>
        )}
      </p>
      <ol className="layers" aria-label="Layers, oldest first">
        {layers.map((l, i) => {
          const step = cleanStep(l.createdBy, l.instruction);
          return (
            <li key={i} className={`layer${l.empty ? ' is-empty' : ''}`} data-testid="layer-row">
              <span className="layer-kind">{l.instruction}</span>
              <span className="layer-step mono" title={l.createdBy}>
                {step || <span className="muted">(no instruction recorded)</span>}
              </span>
              <span className="layer-size num">
                {l.empty ? <span className="badge badge-dashed">empty</span> : formatBytes(l.size)}
              </span>
              <span className="layer-meta muted small">
                {formatAge(l.created, now)}
                {l.tags.length > 0 && <> · {l.tags.join(', ')}</>}
                {l.comment && <> · {l.comment}</>}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
