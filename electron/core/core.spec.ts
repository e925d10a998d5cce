import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from './dispatch.js';
import { createCore } from './core.js';

describe('createCore with an address that cannot be used', () => {
  it('reports the engine unreachable with the reason instead of throwing', async () => {
    const env = { HANGAR_HOME: mkdtempSync(join(tmpdir(), 'hangar-core-')) };
    const core = await createCore({ host: 'foo://x', env, origin: 'cli' });
    try {
      await core.ready();
      const status = await dispatch(core.handlers, 'engines:status', []);
      expect(status).toMatchObject({
        ok: true,
        value: { state: 'unreachable', endpoint: { host: 'foo://x', source: '--host' } },
      });
      const engine = await core.handlers['engines:status']();
      expect(engine.state === 'unreachable' && engine.reason).toMatch(
        /Unsupported engine address "foo:\/\/x"/,
      );
      // Calls that need the engine fail with that reason, as data.
      const inspect = await dispatch(core.handlers, 'images:inspect', ['busybox']);
      expect(inspect).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
      expect(await dispatch(core.handlers, 'engines:retry', [])).toMatchObject({
        ok: true,
        value: { state: 'unreachable', retryAt: null },
      });
    } finally {
      await core.close();
    }
  });
});
