import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { createAppStore } from './index.js';
import { URL_WRITE_DELAY_MS, type UrlHost } from './url-sync.js';

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
    const { host } = fakeHost('#/dangling?q=web&sort=size.desc&group=repository');
    const store = createAppStore(new FakeTransport(), { storage: null, urlHost: host });
    void store.getState().start('url');
    expect(store.getState()).toMatchObject({
      view: 'dangling',
      imagesFilters: { text: 'web' },
      imagesSorting: [{ id: 'size', desc: true }],
      imagesGroupBy: 'repository',
    });
  });

  it('writes changes back once typing pauses, without a history entry each', () => {
    const { host, writes } = fakeHost('');
    const store = createAppStore(new FakeTransport(), { storage: null, urlHost: host });
    void store.getState().start('url');
    for (const text of ['w', 'we', 'web']) store.getState().setImagesFilters({ text });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(writes).toEqual(['#/images?q=web']);
  });

  it('writes a click at once, so a reload right after it keeps it', () => {
    const { host, writes } = fakeHost('#/images?label=team%3Ddata');
    const store = createAppStore(new FakeTransport(), { storage: null, urlHost: host });
    void store.getState().start('url');
    store.getState().setImagesFilters({ text: 'we' });
    expect(writes).toEqual([]); // typing waits
    store.getState().setImagesFilters({ label: null, status: ['unused'] });
    // The click writes everything, the text typed so far included, and nothing is left waiting.
    expect(writes).toEqual(['#/images?q=we&status=unused']);
    store.getState().setImagesSorting([{ id: 'size', desc: true }]);
    expect(writes.at(-1)).toBe('#/images?q=we&status=unused&sort=size.desc');
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(writes).toHaveLength(2);
  });

  it('follows the user editing the address, and stops listening when stopped', () => {
    const { host, navigate, listeners } = fakeHost('');
    const store = createAppStore(new FakeTransport(), { storage: null, urlHost: host });
    void store.getState().start('url');
    navigate('#/images?status=unused');
    expect(store.getState().imagesFilters.status).toEqual(['unused']);
    store.getState().stop('url');
    expect(listeners.size).toBe(0);
  });
});
