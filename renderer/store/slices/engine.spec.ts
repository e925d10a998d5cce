import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import type { EngineStatus } from '../../../shared/model.js';
import { deferred, FakeTransport, flush } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';

const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default', tls: false };
const unreachable: EngineStatus = {
  state: 'unreachable',
  endpoint,
  reason: 'Cannot reach Docker at unix:///var/run/docker.sock: permission denied',
  retryAt: 5000,
};
const reachable: EngineStatus = {
  state: 'reachable',
  endpoint,
  kind: 'docker',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
  arch: 'amd64',
};

describe('engine slice', () => {
  it('loads the status, then follows engine:status events', async () => {
    const transport = new FakeTransport();
    transport.handle('engines:status', async () => unreachable);
    const store = createAppStore(transport);
    void store.getState().start('engine');
    await flush();
    expect(store.getState().engine).toEqual(unreachable);
    transport.emit('engine:status', reachable);
    expect(store.getState().engine).toEqual(reachable);
  });

  it('does not let a slow first answer overwrite a newer pushed status', async () => {
    const transport = new FakeTransport();
    const answer = deferred<EngineStatus>();
    transport.handle('engines:status', () => answer.promise);
    const store = createAppStore(transport);
    void store.getState().start('engine');
    transport.emit('engine:status', reachable);
    answer.resolve(unreachable);
    await flush();
    expect(store.getState().engine).toEqual(reachable);
  });

  it('retry() calls engines:retry and takes its answer', async () => {
    const transport = new FakeTransport();
    transport.handle('engines:status', async () => unreachable);
    const answer = deferred<EngineStatus>();
    transport.handle('engines:retry', () => answer.promise);
    const store = createAppStore(transport);
    void store.getState().start('engine');
    await flush();
    const done = store.getState().retryEngine();
    expect(store.getState().engineRetrying).toBe(true);
    answer.resolve(reachable);
    await done;
    expect(transport.callsTo('engines:retry')).toBe(1);
    expect(store.getState()).toMatchObject({ engine: reachable, engineRetrying: false });
  });

  it('keeps the failure of the call itself apart from the engine status', async () => {
    const transport = new FakeTransport();
    transport.handle('engines:status', async () => {
      throw new HangarError('ENGINE_UNREACHABLE', "Lost contact with Hangar's web host.");
    });
    transport.handle('engines:retry', async () => {
      throw new HangarError('UNAUTHORIZED', 'Session refused.');
    });
    const store = createAppStore(transport);
    void store.getState().start('engine');
    await flush();
    expect(store.getState()).toMatchObject({
      engine: null,
      engineError: "Lost contact with Hangar's web host.",
    });
    await store.getState().retryEngine();
    expect(store.getState()).toMatchObject({
      engineError: 'Session refused.',
      engineRetrying: false,
    });
    transport.emit('engine:status', reachable);
    expect(store.getState().engineError).toBeNull();
  });
});
