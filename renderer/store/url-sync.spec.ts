import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { createAppStore } from './index.js';
import { startUrlSync, URL_WRITE_DELAY_MS, type UrlHost } from './url-sync.js';

function fakeHost(hash: string) {
  const listeners = new Set<() => void>();
  const writes: string[] = [];
  const host: UrlHost = {
    location: { hash },
    history: {
      replaceState: (_d, _u, url) => {
        writes.push(url ?? '');
        host.location.hash = url ?? '';
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
  };
  const navigate = (next: string) => {
    host.location.hash = next;
    for (const l of listeners) l();
  };
  return { host, writes, navigate, listeners };
}

describe('url sync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens the view the address names', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    const { host } = fakeHost('#/dangling?q=web&sort=size.desc&group=repository');
    startUrlSync(store, host);
    expect(store.getState()).toMatchObject({
      view: 'dangling',
      filters: { text: 'web' },
      sorting: [{ id: 'size', desc: true }],
      groupBy: 'repository',
    });
  });

  it('writes changes back once typing pauses, without a history entry each', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    const { host, writes } = fakeHost('');
    startUrlSync(store, host);
    for (const text of ['w', 'we', 'web']) store.getState().setFilters({ text });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(writes).toEqual(['#/images?q=web']);
  });

  it('writes a click at once, so a reload right after it keeps it', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    const { host, writes } = fakeHost('#/images?label=team%3Ddata');
    startUrlSync(store, host);
    store.getState().setFilters({ text: 'we' });
    expect(writes).toEqual([]); // typing waits
    store.getState().setFilters({ label: null, status: ['unused'] });
    // The click writes everything, the text typed so far included, and nothing is left waiting.
    expect(writes).toEqual(['#/images?q=we&status=unused']);
    store.getState().setSorting([{ id: 'size', desc: true }]);
    expect(writes.at(-1)).toBe('#/images?q=we&status=unused&sort=size.desc');
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(writes).toHaveLength(2);
  });

  it('follows the user editing the address, and stops listening when stopped', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    const { host, navigate, listeners } = fakeHost('');
    const stop = startUrlSync(store, host);
    navigate('#/images?status=unused');
    expect(store.getState().filters.status).toEqual(['unused']);
    stop();
    expect(listeners.size).toBe(0);
  });
});
