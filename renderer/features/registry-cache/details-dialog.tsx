/**
 * One cache tag in detail (`registryCache:inspect`): its reference and digest, the platform chosen
 * from a multi-platform index, when it was created and its age against the TTL, this machine's pin,
 * its labels and its layers with their sizes. Pull and Copy reference from here too.
 */
import { useEffect, useState } from 'react';
import type { RegistryCacheInspect } from '../../../shared/registry-cache.js';
import { formatBytes, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { FRESHNESS_TONE, PIN_TONE } from './cells.js';
import {
  actionErrorText,
  formatDateTime,
  pinWords,
  locationRegistry,
  shortDigest,
  shortKey,
  type CacheRow,
} from '../../model/registry-cache/cache-rows.js';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; value: RegistryCacheInspect }
  | { state: 'error'; text: string };

interface Props {
  row: CacheRow;
  onClose(): void;
  onPull(row: CacheRow): void;
  onCopy(row: CacheRow): void;
}

export function DetailsDialog({ row, onClose, onPull, onCopy }: Props) {
  const inspect = useAppStore((s) => s.inspectRegistryImage);
  const onMoved = useAppStore((s) => s.registryCacheSettings?.onMoved ?? null);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const ref = row.entry.reference;

  useEffect(() => {
    let live = true;
    inspect(ref).then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (err: unknown) =>
        live && setLoaded({ state: 'error', text: actionErrorText(err, locationRegistry(ref)) }),
    );
    return () => {
      live = false;
    };
  }, [inspect, ref]);

  const pin = pinWords(row.entry, onMoved);
  const info = loaded.state === 'ready' ? loaded.value : null;
  return (
    <Modal
      title={`Cache tag ${shortKey(row.entry.key)}`}
      onClose={onClose}
      size="wide"
      testId="rc-details"
      footer={
        <>
          <button type="button" className="button" onClick={() => onCopy(row)}>
            Copy reference
          </button>
          <button type="button" className="button" onClick={() => onPull(row)}>
            Pull
          </button>
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            Close
          </button>
        </>
      }
    >
      <dl className="facts">
        <dt>Reference</dt>
        <dd>
          <code className="wrap" data-testid="rc-details-ref">
            {ref}
          </code>
        </dd>
        <dt>Digest</dt>
        <dd>
          <code className="wrap">{row.entry.digest || '—'}</code>
        </dd>
        {info?.platformManifest && (
          <>
            <dt>Platform image</dt>
            <dd>
              {info.platformManifest.platform} ·{' '}
              <code title={info.platformManifest.digest}>
                {shortDigest(info.platformManifest.digest)}
              </code>
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          {row.createdMs === null ? '—' : formatDateTime(row.createdMs)}{' '}
          <span className={`badge ${FRESHNESS_TONE[row.freshness]}`} title={row.freshnessTitle}>
            {row.freshnessLabel}
          </span>
          <span className="field-hint rc-field-note">{row.freshnessTitle}</span>
        </dd>
        <dt>Artifact</dt>
        <dd>{row.entry.artifact ?? <span className="faint">not built on this machine</span>}</dd>
        {pin && (
          <>
            <dt>Your builds</dt>
            <dd>
              <span className={`badge ${PIN_TONE[pin.tone]}`}>{pin.label}</span>
              <span className="field-hint rc-field-note prewrap">{pin.title}</span>
            </dd>
          </>
        )}
        {info && (
          <>
            <dt>Platform</dt>
            <dd>{[info.os, info.architecture].filter(Boolean).join('/') || '—'}</dd>
            <dt>Size</dt>
            <dd>
              {formatBytes(info.size)} ({plural(info.layers.length, 'layer')}, compressed, with the
              config)
            </dd>
            <dt>Config</dt>
            <dd>
              <code className="wrap">{info.configDigest}</code>
            </dd>
          </>
        )}
      </dl>
      {loaded.state === 'loading' && (
        <p className="state-text" role="status">
          <span className="spinner spinner-small" aria-hidden="true" /> Reading the manifest…
        </p>
      )}
      {loaded.state === 'error' && (
        <Callout tone="error" testId="rc-details-error">
          {loaded.text}
        </Callout>
      )}
      {info && Object.keys(info.labels).length > 0 && (
        <section>
          <h3 className="field-label rc-section-title">Labels</h3>
          <table className="plain-table">
            <tbody>
              {Object.entries(info.labels).map(([k, v]) => (
                <tr key={k}>
                  <td>
                    <code>{k}</code>
                  </td>
                  <td className="wrap">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {info && (
        <section>
          <h3 className="field-label rc-section-title">Layers</h3>
          {info.layers.length === 0 ? (
            <p className="field-hint">No layer: the image holds only its config.</p>
          ) : (
            <table className="plain-table" data-testid="rc-details-layers">
              <thead>
                <tr>
                  <th>Digest</th>
                  <th>Media type</th>
                  <th className="num-col">Size</th>
                </tr>
              </thead>
              <tbody>
                {info.layers.map((l, i) => (
                  <tr key={`${l.digest}-${i}`}>
                    <td>
                      <code title={l.digest}>{shortDigest(l.digest)}</code>
                    </td>
                    <td className="faint wrap">{l.mediaType}</td>
                    <td className="num-col num">{formatBytes(l.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Modal>
  );
}
