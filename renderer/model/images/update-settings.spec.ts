import { describe, expect, it } from 'vitest';
import { readUpdateSettingsForm, updateSettingsForm } from './update-settings.js';

describe('update check settings form', () => {
  it('reads back the settings it was made from', () => {
    const settings = { maxAgeMinutes: 360, background: true, concurrency: 8 };
    expect(readUpdateSettingsForm(updateSettingsForm(settings))).toEqual({ ok: true, settings });
  });

  it('takes whole numbers with spaces around them', () => {
    expect(
      readUpdateSettingsForm({ maxAgeMinutes: ' 90 ', background: false, concurrency: '4' }),
    ).toEqual({ ok: true, settings: { maxAgeMinutes: 90, background: false, concurrency: 4 } });
  });

  it('names each field that is wrong, in the words the core uses', () => {
    expect(
      readUpdateSettingsForm({ maxAgeMinutes: '0', background: false, concurrency: '65' }),
    ).toEqual({
      ok: false,
      errors: {
        maxAgeMinutes: 'maxAgeMinutes is at least 1.',
        concurrency: 'concurrency is at most 64.',
      },
    });
    expect(
      readUpdateSettingsForm({ maxAgeMinutes: '1.5', background: false, concurrency: '' }),
    ).toEqual({
      ok: false,
      errors: {
        maxAgeMinutes: 'maxAgeMinutes is a whole number of minutes.',
        concurrency: 'concurrency is a number.',
      },
    });
    expect(
      readUpdateSettingsForm({ maxAgeMinutes: 'six hours', background: true, concurrency: '8' }),
    ).toEqual({ ok: false, errors: { maxAgeMinutes: 'maxAgeMinutes is a number of minutes.' } });
  });
});
