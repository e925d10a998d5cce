/**
 * The registry cache settings form as plain data, and how it becomes `RemoteCacheSettings`:
 * locations checked with the contract's own schema (so the words are the core's), an empty level
 * meaning none, insecure registries typed as a list separated by commas or spaces. Every problem
 * comes back in words, by field. Pure functions, no DOM.
 */
import { cacheLocation } from '../../../shared/channels/registry-cache.js';
import type { MovedPolicy, RemoteCacheSettings } from '../../../shared/registry-cache.js';
import type { SettingsField } from '../../model/registry-cache/cache-rows.js';

export interface SettingsForm {
  project: string;
  global: string;
  pushAfterBuild: boolean;
  onMoved: MovedPolicy;
  /** `host[:port]` separated by commas, spaces or new lines. */
  insecure: string;
}

export type SettingsErrors = Partial<Record<SettingsField | 'form', string>>;

const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/;

export function formFromSettings(settings: RemoteCacheSettings): SettingsForm {
  return {
    project: settings.project ?? '',
    global: settings.global ?? '',
    pushAfterBuild: settings.pushAfterBuild,
    onMoved: settings.onMoved,
    insecure: settings.insecureRegistries.join(', '),
  };
}

/** `a:5000, b  c` → `['a:5000', 'b', 'c']`, each once, in order. */
export function parseHostList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Why a typed location is not one, in the contract's words; null when it is (or is empty). */
export function locationProblem(text: string): string | null {
  if (text.trim() === '') return null;
  const parsed = cacheLocation.safeParse(text);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Not a cache location.');
}

export function settingsFromForm(
  form: SettingsForm,
): { ok: true; settings: RemoteCacheSettings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const project = form.project.trim();
  const global = form.global.trim();
  const projectProblem = locationProblem(project);
  const globalProblem = locationProblem(global);
  if (projectProblem) errors.project = projectProblem;
  if (globalProblem) errors.global = globalProblem;
  if (!projectProblem && !globalProblem && project !== '' && project === global) {
    errors.global = 'The global level must be another location than the project level.';
  }
  const hosts = parseHostList(form.insecure);
  const bad = hosts.find((h) => !HOST.test(h));
  if (bad !== undefined) {
    errors.insecureRegistries = `“${bad}” is not a registry host: write host[:port] such as registry.lan:5000.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      project: project === '' ? null : project,
      global: global === '' ? null : global,
      pushAfterBuild: form.pushAfterBuild,
      onMoved: form.onMoved,
      insecureRegistries: hosts,
    },
  };
}

/** The form differs from what is saved. */
export function formChanged(form: SettingsForm, saved: RemoteCacheSettings): boolean {
  const a = formFromSettings(saved);
  return (
    form.project.trim() !== a.project ||
    form.global.trim() !== a.global ||
    form.pushAfterBuild !== a.pushAfterBuild ||
    form.onMoved !== a.onMoved ||
    parseHostList(form.insecure).join(',') !== saved.insecureRegistries.join(',')
  );
}

/** One line on what the saved levels do, for the confirmation after Save. */
export function savedSummary(settings: RemoteCacheSettings): string {
  const levels = [
    settings.global ? `the global level ${settings.global}` : null,
    settings.project ? `the project level ${settings.project}` : null,
  ].filter((x): x is string => x !== null);
  if (levels.length === 0) return 'Saved. No level is set: lookups stay local.';
  const push =
    settings.project && settings.pushAfterBuild
      ? ` Builds after a miss push to ${settings.project}.`
      : '';
  return `Saved. After a local miss, lookups ask ${levels.join(', then ')}.${push}`;
}
