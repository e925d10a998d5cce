/**
 * The prune dialog's fields, checked here as they are typed (the core checks them again): the
 * mode, an age (`until`, parsed like the core does) and label filters, into `PruneOptions` or
 * one message per field that is wrong. Pure functions, no DOM.
 */
import {
  parseLabelFilter,
  parseUntil,
  UNTIL_HELP,
  type PruneMode,
  type PruneOptions,
} from '../../../shared/actions.js';

export interface PruneForm {
  mode: PruneMode;
  /** Empty for no age limit. */
  until: string;
  /** Label filters separated by commas or new lines: `key` or `key=value`. */
  labels: string;
  notLabels: string;
}

export const EMPTY_PRUNE_FORM: PruneForm = {
  mode: 'dangling',
  until: '',
  labels: '',
  notLabels: '',
};

export type PruneFormErrors = Partial<Record<'until' | 'labels' | 'notLabels', string>>;

export type PruneFormResult =
  { ok: true; options: PruneOptions } | { ok: false; errors: PruneFormErrors };

/** `a=1, b` → `['a=1', 'b']`: split on commas and new lines, blanks dropped. */
export function splitLabels(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkLabels(list: string[]): string | undefined {
  const bad = list.find((s) => parseLabelFilter(s) === null);
  if (bad !== undefined) return `“${bad}” is not a label filter: use key or key=value.`;
  if (list.length > 32) return 'At most 32 label filters.';
  return undefined;
}

/** The form as `PruneOptions`, or what is wrong with it. */
export function pruneOptionsOf(form: PruneForm, nowMs: number): PruneFormResult {
  const errors: PruneFormErrors = {};
  const until = form.until.trim();
  if (until !== '') {
    const at = parseUntil(until, nowMs);
    if (at === null) errors.until = `“${until}” is not an age or a time. ${UNTIL_HELP}`;
    else if (at > nowMs) errors.until = `“${until}” is in the future: every image is older.`;
  }
  const labels = splitLabels(form.labels);
  const notLabels = splitLabels(form.notLabels);
  const labelsError = checkLabels(labels);
  const notLabelsError = checkLabels(notLabels);
  if (labelsError) errors.labels = labelsError;
  if (notLabelsError) errors.notLabels = notLabelsError;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const options: PruneOptions = { mode: form.mode };
  if (until !== '') options.until = until;
  if (labels.length > 0) options.labels = labels;
  if (notLabels.length > 0) options.notLabels = notLabels;
  return { ok: true, options };
}

const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/;

/** One line on what the options choose: `Dangling only, older than 24h, label team=web`. */
export function describeOptions(options: PruneOptions, modeLabel: string): string {
  const parts = [modeLabel];
  if (options.until) {
    const ago = DURATION.test(options.until) ? ' ago' : '';
    parts.push(`created before ${options.until}${ago}`);
  }
  for (const l of options.labels ?? []) parts.push(`label ${l}`);
  for (const l of options.notLabels ?? []) parts.push(`without label ${l}`);
  return parts.join(', ');
}
