/** The Columns menu: show or hide each column and move it earlier or later; kept per user. */
import { Popover } from '../../components/popover.js';
import { useAppStore } from '../../store/store-context.js';
import {
  COLUMN_TITLES,
  DEFAULT_COLUMN_PREFS,
  moveColumn,
  REQUIRED_COLUMNS,
  setColumnVisible,
} from '../../model/images/column-prefs.js';

export function ColumnMenu() {
  const prefs = useAppStore((s) => s.imagesColumnPrefs);
  const setPrefs = useAppStore((s) => s.setImagesColumnPrefs);
  const hidden = new Set(prefs.hidden);
  return (
    <Popover
      className="button button-small"
      label={
        <>
          Columns
          <span className="caret" aria-hidden="true">
            ▾
          </span>
        </>
      }
      alignEnd
      testId="columns-menu"
    >
      {() => (
        <div className="column-menu">
          <ul className="column-list" aria-label="Columns">
            {prefs.order.map((id, i) => (
              <li key={id} className="column-item">
                <label className="column-check">
                  <input
                    type="checkbox"
                    checked={!hidden.has(id)}
                    disabled={REQUIRED_COLUMNS.includes(id)}
                    data-testid={`column-toggle-${id}`}
                    onChange={(e) => setPrefs((p) => setColumnVisible(p, id, e.target.checked))}
                  />
                  {COLUMN_TITLES[id]}
                </label>
                <span className="column-move">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${COLUMN_TITLES[id]} earlier`}
                    disabled={i === 0}
                    onClick={() => setPrefs((p) => moveColumn(p, id, -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${COLUMN_TITLES[id]} later`}
                    disabled={i === prefs.order.length - 1}
                    onClick={() => setPrefs((p) => moveColumn(p, id, 1))}
                  >
                    ↓
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="link-button"
            onClick={() => setPrefs(DEFAULT_COLUMN_PREFS)}
          >
            Reset columns
          </button>
        </div>
      )}
    </Popover>
  );
}
