/** The retention setting: keep lookups for N days and at most N rows (either may be off). */
import { useState, type FormEvent } from 'react';
import type { HistorySettings } from '../../../shared/history.js';

interface Props {
  settings: HistorySettings;
  onSave(settings: HistorySettings): Promise<void>;
  onDone(): void;
}

function parseLimit(text: string, min: number): number | null | 'invalid' {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= min ? n : 'invalid';
}

export function RetentionForm({ settings, onSave, onDone }: Props) {
  const [days, setDays] = useState(settings.retentionDays?.toString() ?? '');
  const [rows, setRows] = useState(settings.maxRows?.toString() ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const d = parseLimit(days, 1);
    const r = parseLimit(rows, 100);
    if (d === 'invalid')
      return setError('Days is a whole number of at least 1, or empty for no limit.');
    if (r === 'invalid')
      return setError('Lookups is a whole number of at least 100, or empty for no limit.');
    setSaving(true);
    try {
      await onSave({ retentionDays: d, maxRows: r });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="hist-retention" onSubmit={(e) => void submit(e)} data-testid="retention-form">
      <p className="hist-retention-title">Keep history</p>
      <label>
        <span>Days</span>
        <input
          className="input"
          inputMode="numeric"
          value={days}
          placeholder="no limit"
          onChange={(e) => setDays(e.target.value)}
        />
      </label>
      <label>
        <span>Lookups</span>
        <input
          className="input"
          inputMode="numeric"
          value={rows}
          placeholder="no limit"
          onChange={(e) => setRows(e.target.value)}
        />
      </label>
      <p className="field-hint">Older lookups are deleted now, then every hour.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="hist-retention-actions">
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-small is-active" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
