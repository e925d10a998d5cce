/**
 * The registry cache settings: the global and project levels' locations, pushing after a build,
 * what a lookup does when a tag moved, and the registries reached over plain HTTP. Checked as you
 * save with the contract's own rules; the core's answer (saved, or why not) is shown beside the
 * form, by field when it names one.
 */
import { CloseButton } from '../../components/close-button.js';
import { useId, useState, type FormEvent } from 'react';
import { Callout } from '../../components/callout.js';
import {
  DEFAULT_REMOTE_CACHE_SETTINGS,
  type MovedPolicy,
  type RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import { errorCodeOf, errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { validationField } from '../../model/registry-cache/cache-rows.js';
import {
  formChanged,
  formFromSettings,
  savedSummary,
  settingsFromForm,
  type SettingsErrors,
  type SettingsForm,
} from './settings-form.js';
import { EXAMPLE_LOCATION } from './states.js';

export interface SettingsOutcome {
  tone: 'ok' | 'bad';
  text: string;
}

interface Props {
  /** The saved settings; null when they could not be read (the defaults are shown). */
  settings: RemoteCacheSettings | null;
  loadError: string | null;
  outcome: SettingsOutcome | null;
  onOutcome(outcome: SettingsOutcome | null): void;
  onClose(): void;
}

const MOVED_CHOICES: { value: MovedPolicy; label: string; hint: string }[] = [
  {
    value: 'pinned',
    label: 'Keep the digest I last used',
    hint: 'Reproducible: a tag someone rewrote does not change your builds.',
  },
  {
    value: 'newest',
    label: 'Take what the tag points at now',
    hint: 'Latest cache: follow whoever wrote the tag last.',
  },
];

export function SettingsPanel({ settings, loadError, outcome, onOutcome, onClose }: Props) {
  const save = useAppStore((s) => s.saveRegistryCacheSettings);
  const saved = settings ?? DEFAULT_REMOTE_CACHE_SETTINGS;
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(saved));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saving, setSaving] = useState(false);
  const id = useId();
  const changed = formChanged(form, saved);

  const edit = (change: Partial<SettingsForm>): void => {
    setForm((f) => ({ ...f, ...change }));
    setErrors({});
    if (outcome?.tone === 'ok') onOutcome(null);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = settingsFromForm(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      onOutcome({ tone: 'bad', text: 'Not saved: fix the fields marked in red.' });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      const result = await save(checked.settings);
      setForm(formFromSettings(result));
      onOutcome({ tone: 'ok', text: savedSummary(result) });
    } catch (err) {
      const message = errorMessage(err);
      if (errorCodeOf(err) === 'VALIDATION') {
        const { field, text } = validationField(message);
        if (field) setErrors({ [field]: text });
        onOutcome({ tone: 'bad', text: `Not saved: ${text}` });
      } else {
        onOutcome({ tone: 'bad', text: `Not saved: ${message}` });
      }
    } finally {
      setSaving(false);
    }
  };

  const field = (name: 'global' | 'project', label: string, hint: string, placeholder: string) => {
    const error = errors[name];
    return (
      <div className="field">
        <label className="field-label" htmlFor={`${id}-${name}`}>
          {label}
        </label>
        <input
          id={`${id}-${name}`}
          className="input input-mono"
          value={form[name]}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-${name}-note`}
          data-testid={`rc-settings-${name}`}
          onChange={(e) => edit({ [name]: e.target.value })}
        />
        <p
          id={`${id}-${name}-note`}
          className={error ? 'field-error' : 'field-hint'}
          role={error ? 'alert' : undefined}
          data-testid={error ? `rc-settings-${name}-error` : undefined}
        >
          {error ?? hint}
        </p>
      </div>
    );
  };

  return (
    <section className="card rc-settings" aria-labelledby={`${id}-title`} data-testid="rc-settings">
      <header className="rc-settings-head">
        <h2 id={`${id}-title`} className="rc-settings-title">
          Cache levels
        </h2>
        <p className="rc-settings-intro">
          After a local miss a build asks the global level, then the project level, for the tag{' '}
          <code>LOCATION:KEY</code>. Leave a level empty for none.
        </p>
        <CloseButton label="Close the settings" onClick={onClose} />
      </header>
      {loadError && (
        <Callout tone="error">The saved settings could not be read: {loadError}</Callout>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          {field(
            'global',
            'Global level',
            'Shared by every project; asked first.',
            'registry.example.com/shared/cache',
          )}
          {field(
            'project',
            'Project level',
            'Your team’s cache; asked second, and builds push here.',
            EXAMPLE_LOCATION,
          )}
        </div>
        <div className="form-row">
          <fieldset className="field">
            <legend className="field-label">When a tag moved since your last build</legend>
            {MOVED_CHOICES.map((c) => (
              <label key={c.value} className="check">
                <input
                  type="radio"
                  name={`${id}-moved`}
                  value={c.value}
                  checked={form.onMoved === c.value}
                  data-testid={`rc-settings-moved-${c.value}`}
                  onChange={() => edit({ onMoved: c.value })}
                />
                <span>
                  {c.label}
                  <span className="field-hint rc-choice-hint"> — {c.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="rc-settings-col">
            <label className="check">
              <input
                type="checkbox"
                checked={form.pushAfterBuild}
                data-testid="rc-settings-push"
                onChange={(e) => edit({ pushAfterBuild: e.target.checked })}
              />
              <span>
                Push after build
                <span className="field-hint rc-choice-hint">
                  {' '}
                  — after a miss, push the image to the project level as <code>KEY</code>
                </span>
              </span>
            </label>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-insecure`}>
                Insecure registries
              </label>
              <input
                id={`${id}-insecure`}
                className="input input-mono"
                value={form.insecure}
                placeholder="registry.lan:5000, 10.0.0.5:5000"
                spellCheck={false}
                autoComplete="off"
                aria-invalid={errors.insecureRegistries ? true : undefined}
                aria-describedby={`${id}-insecure-note`}
                data-testid="rc-settings-insecure"
                onChange={(e) => edit({ insecure: e.target.value })}
              />
              <p
                id={`${id}-insecure-note`}
                className={errors.insecureRegistries ? 'field-error' : 'field-hint'}
                role={errors.insecureRegistries ? 'alert' : undefined}
              >
                {errors.insecureRegistries ??
                  'Reached over plain HTTP, separated by commas. Loopback registries always are.'}
              </p>
            </div>
          </div>
        </div>
        <div className="rc-settings-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={saving}
            data-testid="rc-settings-save"
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            disabled={saving || !changed}
            onClick={() => {
              setForm(formFromSettings(saved));
              setErrors({});
              onOutcome(null);
            }}
          >
            Revert
          </button>
          {outcome && (
            <p
              className={`rc-settings-outcome ${outcome.tone === 'ok' ? 'is-ok' : 'ac-bad-text'}`}
              role={outcome.tone === 'ok' ? 'status' : 'alert'}
              data-testid="rc-settings-outcome"
            >
              {outcome.text}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
