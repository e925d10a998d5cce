import { describe, expect, it } from 'vitest';
import { deferred, FakeTransport, flush, makeSnapshot } from '../testing/fake-transport.js';
import { createAppStore } from './index.js';
import { Syncs } from './syncs.js';

describe('start and stop', () => {
  it('subscribes once for two starts, and the last stop unsubscribes', async () => {
    const transport = new FakeTransport();
    transport.handle('tasks:list', async () => []);
    const store = createAppStore(transport, { storage: null });
    void store.getState().start('tasks');
    void store.getState().start('tasks');
    expect(transport.listenerCount('task:done')).toBe(1);
    expect(transport.callsTo('tasks:list')).toBe(1);
    store.getState().stop('tasks');
    expect(transport.listenerCount('task:done')).toBe(1);
    store.getState().stop('tasks');
    expect(transport.listenerCount('task:done')).toBe(0);
    store.getState().stop('tasks'); // a stop of what is not started does nothing
    void store.getState().start('tasks');
    expect(transport.listenerCount('task:done')).toBe(1);
    expect(transport.callsTo('tasks:list')).toBe(2);
  });

  it('resolves once the first load has landed', async () => {
    const transport = new FakeTransport();
    const snapshot = deferred<ReturnType<typeof makeSnapshot>>();
    transport.handle('images:snapshot', () => snapshot.promise);
    const store = createAppStore(transport, { storage: null });
    let loaded = false;
    void store
      .getState()
      .start('index')
      .then(() => (loaded = true));
    await flush();
    expect(loaded).toBe(false);
    snapshot.resolve(makeSnapshot(3, []));
    await flush();
    expect(loaded).toBe(true);
    expect(store.getState().indexPhase).toBe('ready');
  });

  it('refuses a second follower for one id', () => {
    const syncs = new Syncs();
    const follow = () => ({ loaded: Promise.resolve(), stop: () => undefined });
    syncs.follow('url', follow);
    expect(() => syncs.follow('url', follow)).toThrow(/Two followers for url/);
  });
});
