/**
 * The saved builder: the Builds page's control that chooses it (auto, buildkit, classic) and the
 * words that say which builder a build that names none runs on the engine now, which the build
 * dialog shows too.
 */
import { useEffect } from 'react';
import {
  BUILDER_CHOICES,
  type BuilderChoice,
  type BuilderSetting,
} from '../../../shared/builds.js';
import { useAppStore } from '../../store/store-context.js';
import './builds.css';

const KIND_WORDS = { buildkit: 'BuildKit', classic: 'the classic builder', podman: 'Buildah' };

/** `runs BuildKit on this engine`, or why the engine cannot run the choice. */
export function builderWords(setting: BuilderSetting): string {
  return setting.runs === null
    ? (setting.problem ?? 'nothing can build')
    : `runs ${KIND_WORDS[setting.runs]} on this engine`;
}

/** The Builds page's control: a select that saves the builder, and what it runs. */
export function BuilderControl() {
  const setting = useAppStore((s) => s.buildsBuilder);
  const error = useAppStore((s) => s.buildsBuilderError);
  const setBuilder = useAppStore((s) => s.setBuilder);
  return (
    <span className="bld-builder" data-testid="builds-builder">
      <label className="bld-builder-label" htmlFor="bld-builder-select">
        Builder
      </label>
      <select
        id="bld-builder-select"
        className="filter-select"
        value={setting?.choice ?? 'auto'}
        disabled={setting === null}
        data-testid="builds-builder-select"
        title="What a build runs with when it names no builder (hangar build without --builder, Build through cache…)"
        onChange={(e) => {
          const choice = BUILDER_CHOICES.find((c) => c === e.target.value);
          if (choice) void setBuilder(choice);
        }}
      >
        {BUILDER_CHOICES.map((c: BuilderChoice) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <span
        className={`bld-builder-note${setting?.runs === null || error ? ' is-bad' : ''}`}
        data-testid="builds-builder-note"
        role="status"
      >
        {error ?? (setting ? builderWords(setting) : '')}
      </span>
    </span>
  );
}

/** The build dialog's line: the saved builder and what it runs (read when the dialog opens). */
export function BuilderNote() {
  const setting = useAppStore((s) => s.buildsBuilder);
  const loadBuilder = useAppStore((s) => s.loadBuilder);
  useEffect(() => {
    void loadBuilder();
  }, [loadBuilder]);
  if (!setting) return null;
  return (
    <p className="bld-builder-line" data-testid="build-builder-note">
      <span className="faint">Builder:</span> {setting.choice} — {builderWords(setting)} (saved on
      the Builds page)
    </p>
  );
}
