/** The left navigation: one button per section, with live counts for the images views. */
import { formatCount } from '../lib/format.js';
import { selectDanglingRows, selectImageRows } from '../store/slices/image-index.js';
import { useAppStore } from '../store/store-context.js';
import { VIEWS, type ViewId } from '../model/views.js';

function useCounts(): Partial<Record<ViewId, number>> {
  const ready = useAppStore((s) => s.indexPhase === 'ready');
  const rows = useAppStore(selectImageRows);
  const dangling = useAppStore(selectDanglingRows);
  if (!ready) return {};
  return { images: rows.length, dangling: dangling.length };
}

export function Sidebar() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const counts = useCounts();
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Hangar</span>
      </div>
      <nav aria-label="Sections">
        <ul className="nav-list">
          {VIEWS.map((item) => {
            const count = counts[item.id];
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view === item.id ? 'page' : undefined}
                  data-testid={`nav-${item.id}`}
                  onClick={() => setView(item.id)}
                >
                  <span className="nav-label">{item.title}</span>
                  {count !== undefined && <span className="nav-count">{formatCount(count)}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}
