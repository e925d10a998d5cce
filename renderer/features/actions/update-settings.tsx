/**
 * "Update settings" beside Check for updates: how long a check is remembered, whether the app
 * checks in the background (every that long), and how many registry requests go at once. Read
 * from the core when the panel opens, checked as typed with the core's own schema, saved with
 * `images:setUpdateSettings`.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { UpdateCheckSettings } from '../../../shared/updates.js';
import { Field, messageId } from '../../components/field.js';
import { Popover } from '../../components/popover.js';
import { errorMessage } from '../../model/errors.js';
import {
  readUpdateSettingsForm,
  updateSettingsForm,
  type UpdateSettingsForm,
} from '../../model/images/update-settings.js';
import { useAppStore } from '../../store/store-context.js';

const AGE_HINT = 'Until then the remembered answer is shown; Check for updates always asks again.';

export function UpdateSettingsPopover() {
  return (
    <Popover
      label="Update settings"
      className="button button-small"
      testId="update-settings-open"
      alignEnd
    >
      {(close) => <UpdateSettingsPanel onDone={close} />}
    </Popover>
  );
}

/** Reads the settings from the core each time it opens, so the form starts from what is saved. */
function UpdateSettingsPanel({ onDone }: { onDone(): void }) {
  const load = useAppStore((s) => s.loadUpdateSettings);
  const [settings, setSettings] = useState<UpdateCheckSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load().then(setSettings, (err: unknown) => setError(errorMessage(err)));
  }, [load]);
  if (settings) return <UpdateSettingsFormView settings={settings} onDone={onDone} />;
  return error ? (
    <p className="field-error" role="alert" data-testid="update-settings-error">
      {error}
    </p>
  ) : (
    <p className="field-hint">Reading the settings…</p>
  );
}

function UpdateSettingsFormView({
  settings,
  onDone,
}: {
  settings: UpdateCheckSettings;
  onDone(): void;
}) {
  const save = useAppStore((s) => s.saveUpdateSettings);
  const [form, setForm] = useState<UpdateSettingsForm>(() => updateSettingsForm(settings));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const id = useId();
  const read = readUpdateSettingsForm(form);
  const errors = read.ok ? {} : read.errors;
  const edit = (change: Partial<UpdateSettingsForm>): void => {
    setForm((f) => ({ ...f, ...change }));
    setFailure(null);
  };

  const numberField = (
    field: 'maxAgeMinutes' | 'concurrency',
    testId: string,
    label: string,
    hint: string,
  ) => (
    <Field id={`${id}-${field}`} label={label} error={errors[field]} hint={hint}>
      <input
        id={`${id}-${field}`}
        className="input"
        inputMode="numeric"
        value={form[field]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={messageId(`${id}-${field}`)}
        data-testid={`update-settings-${testId}`}
        onChange={(e) => edit({ [field]: e.target.value })}
      />
    </Field>
  );

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!read.ok) return;
    setSaving(true);
    try {
      await save(read.settings);
      onDone();
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="update-settings"
      onSubmit={(e) => void submit(e)}
      data-testid="update-settings-form"
      aria-label="Update check settings"
    >
      <p className="update-settings-title">Update checks</p>
      {numberField('maxAgeMinutes', 'age', 'Remember a check for (minutes)', AGE_HINT)}
      <label className="check">
        <input
          type="checkbox"
          checked={form.background}
          data-testid="update-settings-background"
          onChange={(e) => edit({ background: e.target.checked })}
        />
        <span>Check in the background while the app is open, as often as that</span>
      </label>
      {numberField('concurrency', 'concurrency', 'Registry requests at once', '1 to 64.')}
      {failure && (
        <p className="field-error" role="alert" data-testid="update-settings-error">
          {failure}
        </p>
      )}
      <div className="update-settings-actions">
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={saving || !read.ok}
          data-testid="update-settings-save"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
