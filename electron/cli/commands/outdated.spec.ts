import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../shared/updates.js';
import { outdatedText } from './outdated.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

function status(tag: string, over: Partial<UpdateStatus>): UpdateStatus {
  return {
    tag,
    imageId: 'sha256:a',
    state: 'upToDate',
    reason: null,
    localDigests: [],
    remoteDigest: null,
    remoteCreated: null,
    checkedAt: NOW,
    ...over,
  };
}

describe('outdatedText', () => {
  it('says how long ago the newer image was built when that was learnt, and why for an unknown', () => {
    expect(
      outdatedText(
        [
          status('reg.lan/app:1', {
            state: 'updateAvailable',
            remoteCreated: '2026-11-29T12:00:00.000Z',
          }),
          status('reg.lan/db:2', { state: 'updateAvailable' }),
          status('seed:1', { state: 'unknown', reason: 'no registry digest' }),
          status('ok:1', { state: 'upToDate', remoteCreated: '2026-11-29T12:00:00.000Z' }),
        ],
        NOW,
      ),
    ).toBe(
      [
        'reg.lan/app:1  update available (built 3 days ago)',
        'reg.lan/db:2   update available',
        'seed:1         unknown: no registry digest',
        'ok:1           up to date',
        '',
      ].join('\n'),
    );
  });
});
