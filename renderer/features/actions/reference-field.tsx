/**
 * A text field for an image reference, checked as it is typed: the grammar's own words when it is
 * wrong, the normalised name when it is right (`ubuntu` → `docker.io/library/ubuntu:latest`), and
 * what tagging would do (it is this image's already, or it moves from another image).
 */
import { useId, type RefObject } from 'react';
import { shortId } from '../../lib/format.js';
import type { TagCheck } from './tag-input.js';

export function ReferenceField({
  label,
  value,
  check,
  onChange,
  onSubmit,
  inputRef,
  placeholder = 'repository:tag',
  testId,
  ownNote = 'The image has this tag already.',
  listId,
  emptyHint,
}: {
  label: string;
  value: string;
  check: TagCheck;
  onChange(value: string): void;
  onSubmit(): void;
  inputRef?: RefObject<HTMLInputElement | null>;
  placeholder?: string;
  testId: string;
  ownNote?: string;
  /** A `<datalist>` of suggestions. */
  listId?: string;
  /** Shown under the field while it is empty. */
  emptyHint?: string;
}) {
  const id = useId();
  const invalid = check.state === 'invalid';
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="input input-mono"
        value={value}
        list={listId}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-check`}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
      <div
        id={`${id}-check`}
        className="act-ref-check"
        aria-live="polite"
        data-testid={`${testId}-check`}
      >
        {check.state === 'empty' && emptyHint && <p className="field-hint">{emptyHint}</p>}
        {check.state === 'invalid' && <p className="field-error">{check.error}</p>}
        {check.state === 'ok' && (
          <>
            <p className="field-hint">
              <span className="tone-ok" aria-hidden="true">
                ✓
              </span>{' '}
              <code className="mono" data-testid={`${testId}-full`}>
                {check.full}
              </code>
            </p>
            {check.own && <p className="field-hint">{ownNote}</p>}
            {check.movesFrom && (
              <p className="field-warn" data-testid={`${testId}-moves`}>
                {check.familiar} is on image {shortId(check.movesFrom.id)} now: it moves here
                {check.movesFrom.repoTags.length === 1
                  ? ', and that image is left untagged (it was its only tag).'
                  : '.'}
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
