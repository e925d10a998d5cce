/**
 * The fields of "Build through cache": folder (a typed absolute path: the web host cannot open a
 * native folder picker, so the app uses the same field), Dockerfile, NAME[:TAG], build-arg rows,
 * target and TTL, each with its problem under it.
 */
import { useId, useRef } from 'react';
import { Field, messageId } from '../../components/field.js';
import type {
  BuildArgRow,
  BuildField,
  BuildForm,
  FormErrors,
} from '../../model/artifacts/build-form.js';

export function BuildFormFields({
  form,
  errors,
  onChange,
}: {
  form: BuildForm;
  errors: FormErrors;
  onChange(form: BuildForm): void;
}) {
  const base = useId();
  const nextId = useRef(form.buildArgs.reduce((n, r) => Math.max(n, r.id), 0) + 1);
  const id = (f: BuildField) => `${base}-${f}`;
  const set = (change: Partial<BuildForm>) => onChange({ ...form, ...change });
  const setArg = (rowId: number, change: Partial<BuildArgRow>) =>
    set({ buildArgs: form.buildArgs.map((r) => (r.id === rowId ? { ...r, ...change } : r)) });
  const input = (f: Exclude<BuildField, 'buildArgs'>, placeholder: string, extra = {}) => (
    <input
      id={id(f)}
      className="input"
      value={form[f]}
      placeholder={placeholder}
      aria-invalid={errors[f] ? true : undefined}
      aria-describedby={messageId(id(f))}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => set({ [f]: e.target.value })}
      {...extra}
    />
  );

  return (
    <div className="form">
      <Field
        id={id('context')}
        label="Folder"
        error={errors.context}
        hint="The build context, as an absolute path on the machine running Hangar."
      >
        {input('context', '/home/me/src/app', {
          'data-testid': 'build-context',
          'data-autofocus': true,
        })}
      </Field>
      <div className="form-row">
        <Field
          id={id('tag')}
          label="Image"
          error={errors.tag}
          hint={
            <>
              NAME[:TAG]; also tagged <code>NAME:&lt;key&gt;</code>.
            </>
          }
        >
          {input('tag', 'app:dev', { 'data-testid': 'build-tag' })}
        </Field>
        <Field
          id={id('dockerfile')}
          label="Dockerfile"
          error={errors.dockerfile}
          hint="Relative to the folder."
        >
          {input('dockerfile', 'Dockerfile', { 'data-testid': 'build-dockerfile' })}
        </Field>
      </div>
      <fieldset className="field ac-args">
        <legend className="field-label">Build args</legend>
        {form.buildArgs.map((row, i) => (
          <div key={row.id} className="ac-arg-row" data-testid="build-arg-row">
            <input
              className="input input-mono"
              aria-label={`Build arg ${i + 1} name`}
              placeholder="NAME"
              value={row.name}
              spellCheck={false}
              onChange={(e) => setArg(row.id, { name: e.target.value })}
            />
            <span className="ac-eq" aria-hidden="true">
              =
            </span>
            <input
              className="input input-mono"
              aria-label={`Build arg ${i + 1} value`}
              placeholder="value"
              value={row.value}
              spellCheck={false}
              onChange={(e) => setArg(row.id, { value: e.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove build arg ${i + 1}`}
              onClick={() => set({ buildArgs: form.buildArgs.filter((r) => r.id !== row.id) })}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link-button"
          onClick={() =>
            set({ buildArgs: [...form.buildArgs, { id: nextId.current++, name: '', value: '' }] })
          }
        >
          + Add build arg
        </button>
        {errors.buildArgs && (
          <p className="field-error" role="alert">
            {errors.buildArgs}
          </p>
        )}
      </fieldset>
      <div className="form-row">
        <Field
          id={id('target')}
          label="Target"
          error={errors.target}
          hint="Build stage; empty for the last."
        >
          {input('target', 'prod')}
        </Field>
        <Field
          id={id('ttl')}
          label="TTL (hours)"
          error={errors.ttl}
          hint="An older cached image is rebuilt; empty: the artifact’s, else the cache’s."
        >
          {input('ttl', '24', { inputMode: 'decimal' })}
        </Field>
      </div>
    </div>
  );
}
