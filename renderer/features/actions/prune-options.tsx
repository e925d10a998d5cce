/** The prune dialog's options: the mode, named plainly, an age and label filters. */
import { useId } from 'react';
import { PRUNE_MODE_LABELS, UNTIL_HELP, type PruneMode } from '../../../shared/actions.js';
import { Callout } from '../../components/callout.js';
import type { PruneForm, PruneFormErrors } from './prune-form.js';
import { PRUNE_MODE_HINTS, UNUSED_WARNING } from './words.js';

const MODES: PruneMode[] = ['dangling', 'unused'];

function TextField({
  label,
  hint,
  error,
  value,
  placeholder,
  onChange,
  testId,
}: {
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  placeholder: string;
  onChange(value: string): void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        className="input"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className={error ? 'field-error' : 'field-hint'}>
        {error ?? hint}
      </p>
    </div>
  );
}

export function PruneOptionsForm({
  form,
  errors,
  onChange,
}: {
  form: PruneForm;
  errors: PruneFormErrors;
  onChange(change: Partial<PruneForm>): void;
}) {
  const name = useId();
  return (
    <div className="act-options">
      <fieldset className="act-modes">
        <legend className="field-label">What to delete</legend>
        {MODES.map((mode) => (
          <label
            key={mode}
            className={`act-mode${form.mode === mode ? ' is-checked' : ''}`}
            data-testid={`prune-mode-${mode}`}
          >
            <input
              type="radio"
              name={name}
              value={mode}
              checked={form.mode === mode}
              onChange={() => onChange({ mode })}
            />
            <span className="act-mode-text">
              <span className="act-mode-title">{PRUNE_MODE_LABELS[mode]}</span>
              <span className="act-mode-hint">
                {PRUNE_MODE_HINTS[mode].text} Like <code>{PRUNE_MODE_HINTS[mode].command}</code>.
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {form.mode === 'unused' && (
        <Callout tone="warn" testId="prune-unused-warning">
          <strong>Tagged images too.</strong> {UNUSED_WARNING}
        </Callout>
      )}
      <div className="act-filters">
        <TextField
          label="Older than (optional)"
          hint={UNTIL_HELP}
          error={errors.until}
          value={form.until}
          placeholder="e.g. 24h, 7d"
          onChange={(until) => onChange({ until })}
          testId="prune-until"
        />
        <TextField
          label="Only with labels"
          hint="key or key=value, separated by commas: all must match."
          error={errors.labels}
          value={form.labels}
          placeholder="e.g. team=web"
          onChange={(labels) => onChange({ labels })}
          testId="prune-labels"
        />
        <TextField
          label="Not with labels"
          hint="Images carrying all of these are left out."
          error={errors.notLabels}
          value={form.notLabels}
          placeholder="e.g. keep"
          onChange={(notLabels) => onChange({ notLabels })}
          testId="prune-not-labels"
        />
      </div>
    </div>
  );
}
