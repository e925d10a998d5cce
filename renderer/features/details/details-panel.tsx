/**
 * The details panel beside the grid: the active image's summary, config, layers, files by layer,
 * containers and raw inspect JSON, in tabs. The inspect is fetched when an image is shown, the
 * layers and files when their tab is opened; all are cached in the store.
 */
import { CloseButton } from '../../components/close-button.js';
import { useEffect, useId, useState } from 'react';
import { useAppStore } from '../../store/store-context.js';
import { ImageActions } from '../actions/image-actions.js';
import type { ImageRow } from '../../model/images/rows.js';
import { ConfigTab } from './config-tab.js';
import { ContainersTab } from './containers-tab.js';
import { InspectTab } from './inspect-tab.js';
import { FilesTab } from './files-tab.js';
import { LayersTab } from './layers-tab.js';
import { SummaryTab } from './summary-tab.js';
import './details.css';

const TABS = ['summary', 'config', 'layers', 'files', 'containers', 'inspect'] as const;
type Tab = (typeof TABS)[number];
const TAB_TITLE: Record<Tab, string> = {
  summary: 'Summary',
  config: 'Config',
  layers: 'Layers',
  files: 'Files',
  containers: 'Containers',
  inspect: 'Inspect',
};

function Body({ row, tab }: { row: ImageRow; tab: Tab }) {
  const inspect = useAppStore((s) => s.detailsInspects.get(row.id));
  const loadInspect = useAppStore((s) => s.loadInspect);
  useEffect(() => {
    void loadInspect(row.id);
  }, [row.id, loadInspect]);
  switch (tab) {
    case 'summary':
      return <SummaryTab row={row} inspect={inspect} />;
    case 'config':
      return <ConfigTab inspect={inspect} onRetry={() => void loadInspect(row.id, true)} />;
    case 'layers':
      return <LayersTab id={row.id} />;
    case 'files':
      return <FilesTab id={row.id} />;
    case 'containers':
      return <ContainersTab row={row} />;
    case 'inspect':
      return <InspectTab inspect={inspect} onReload={() => void loadInspect(row.id, true)} />;
  }
}

export function DetailsPanel({
  row,
  missing,
  onClose,
}: {
  row: ImageRow | null;
  /** The active image is gone from the engine. */
  missing: boolean;
  onClose(): void;
}) {
  const [tab, setTab] = useState<Tab>('summary');
  const baseId = useId();
  const title = row ? (row.tags[0]?.ref ?? `${row.repository} (untagged)`) : 'Details';
  return (
    <aside className="card details" aria-label="Image details" data-testid="details-panel">
      <header className="details-head">
        <div className="details-title">
          <h2 className="truncate" title={title}>
            {title}
          </h2>
          {row && <code className="mono small">{row.shortId}</code>}
        </div>
        <CloseButton label="Close details" onClick={onClose} />
      </header>
      {row && <ImageActions row={row} />}
      {row ? (
        <>
          <div className="tabs" role="tablist" aria-label="Image details">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`${baseId}-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`${baseId}-panel`}
                className="tab"
                data-testid={`details-tab-${t}`}
                onClick={() => setTab(t)}
              >
                {TAB_TITLE[t]}
                {t === 'containers' && row.containers.length > 0 && (
                  <span className="count-pill">{row.containers.length}</span>
                )}
              </button>
            ))}
          </div>
          <div
            className="details-body"
            role="tabpanel"
            id={`${baseId}-panel`}
            aria-labelledby={`${baseId}-tab-${tab}`}
            tabIndex={0}
          >
            <Body row={row} tab={tab} />
          </div>
        </>
      ) : (
        <p className="details-empty" data-testid="details-empty">
          {missing
            ? 'This image is no longer on the engine.'
            : 'Select an image to see its details.'}
        </p>
      )}
    </aside>
  );
}
