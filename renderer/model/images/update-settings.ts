/**
 * The update check settings as the Images page edits them: text fields for the two numbers, a
 * box for the background check, read back through the same schema `images:setUpdateSettings`
 * checks, so the form refuses exactly what the core would, in the same words.
 */
import { updateCheckSettings } from '../../../shared/channels/actions.js';
import type { UpdateCheckSettings } from '../../../shared/updates.js';

export interface UpdateSettingsForm {
  maxAgeMinutes: string;
  background: boolean;
  concurrency: string;
}

export type UpdateSettingsErrors = Partial<Record<'maxAgeMinutes' | 'concurrency', string>>;

export function updateSettingsForm(settings: UpdateCheckSettings): UpdateSettingsForm {
  return {
    maxAgeMinutes: String(settings.maxAgeMinutes),
    background: settings.background,
    concurrency: String(settings.concurrency),
  };
}

/** A number field's text: an empty field is no number, and so is `1e3` or ` 12 `'s spaces. */
function numberOf(text: string): number | string {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The settings the form says, or the error of each field that is not right. */
export function readUpdateSettingsForm(
  form: UpdateSettingsForm,
): { ok: true; settings: UpdateCheckSettings } | { ok: false; errors: UpdateSettingsErrors } {
  const parsed = updateCheckSettings.safeParse({
    maxAgeMinutes: numberOf(form.maxAgeMinutes),
    background: form.background,
    concurrency: numberOf(form.concurrency),
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: UpdateSettingsErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'maxAgeMinutes' || field === 'concurrency') && !errors[field]) {
      errors[field] = issue.message;
    }
  }
  return { ok: false, errors };
}
