import { describe, expect, it } from 'vitest';
import {
  formChanged,
  formFromSettings,
  locationProblem,
  parseHostList,
  savedSummary,
  settingsFromForm,
} from './settings-form.js';
import { GLOBAL_LOC, LOC, makeSettings } from '../../testing/registry-cache-entries.js';

const LOCATION_WORDS =
  'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.';

describe('settings form', () => {
  it('round-trips saved settings', () => {
    const saved = makeSettings({
      project: LOC,
      global: GLOBAL_LOC,
      onMoved: 'newest',
      pushAfterBuild: false,
      insecureRegistries: ['a.lan:5000', 'b.lan'],
    });
    const form = formFromSettings(saved);
    expect(form.insecure).toBe('a.lan:5000, b.lan');
    expect(settingsFromForm(form)).toEqual({ ok: true, settings: saved });
    expect(formChanged(form, saved)).toBe(false);
    expect(formChanged({ ...form, project: `${LOC} ` }, saved)).toBe(false);
    expect(formChanged({ ...form, onMoved: 'pinned' }, saved)).toBe(true);
  });

  it('turns empty levels into none and trims what is typed', () => {
    const form = { ...formFromSettings(makeSettings()), project: `  ${LOC}  `, insecure: ' , ' };
    expect(settingsFromForm(form)).toEqual({
      ok: true,
      settings: makeSettings({ project: LOC }),
    });
  });

  it('refuses a bad location in the contract’s words, by field', () => {
    const form = {
      ...formFromSettings(makeSettings()),
      project: 'Not A Location',
      global: 'localhost:5000',
    };
    expect(settingsFromForm(form)).toEqual({
      ok: false,
      errors: { project: LOCATION_WORDS, global: LOCATION_WORDS },
    });
    expect(locationProblem('localhost:5000/Team')).toBe(LOCATION_WORDS);
    expect(locationProblem(LOC)).toBeNull();
    expect(locationProblem('   ')).toBeNull();
  });

  it('refuses the same location for both levels, and a bad insecure host', () => {
    const form = {
      ...formFromSettings(makeSettings()),
      project: LOC,
      global: LOC,
      insecure: 'ok.lan:5000 http://bad',
    };
    expect(settingsFromForm(form)).toEqual({
      ok: false,
      errors: {
        global: 'The global level must be another location than the project level.',
        insecureRegistries:
          '“http://bad” is not a registry host: write host[:port] such as registry.lan:5000.',
      },
    });
  });

  it('reads insecure registries separated by commas, spaces or lines, each once', () => {
    expect(parseHostList('a:1, b\nc  a:1')).toEqual(['a:1', 'b', 'c']);
    expect(parseHostList('')).toEqual([]);
  });

  it('confirms a save with what lookups will do', () => {
    expect(savedSummary(makeSettings())).toBe('Saved. No level is set: lookups stay local.');
    expect(savedSummary(makeSettings({ project: LOC, global: GLOBAL_LOC }))).toBe(
      `Saved. After a local miss, lookups ask the global level ${GLOBAL_LOC}, then the project level ${LOC}. Builds after a miss push to ${LOC}.`,
    );
    expect(savedSummary(makeSettings({ global: GLOBAL_LOC, pushAfterBuild: true }))).toBe(
      `Saved. After a local miss, lookups ask the global level ${GLOBAL_LOC}.`,
    );
  });
});
