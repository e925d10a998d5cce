/** The preload bridge, through a fake `electron` module: what the renderer can and cannot reach. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../shared/contract.js';

type Listener = (event: unknown, payload: unknown) => void;

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<Listener>>(),
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, fn: Listener) => {
      const set = fake.listeners.get(channel) ?? new Set();
      set.add(fn);
      fake.listeners.set(channel, set);
    },
    removeListener: (channel: string, fn: Listener) => fake.listeners.get(channel)?.delete(fn),
  },
}));

let bridge: PreloadBridge;

beforeAll(async () => {
  await import('./preload.js');
  bridge = fake.exposed.get('hangar') as PreloadBridge;
});

describe('preload bridge', () => {
  it('exposes only window.hangar, with invoke and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['hangar']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes a contract channel with its arguments spread', async () => {
    expect(await bridge.invoke('images:inspect', ['nginx:latest'])).toEqual({
      ok: true,
      value: 'pong',
    });
    expect(fake.invoke).toHaveBeenLastCalledWith('images:inspect', 'nginx:latest');
  });

  it('invokes a desktop file channel, which takes names and never a path', async () => {
    expect(await bridge.invoke('desktop:saveImages', [['app:1']])).toEqual({
      ok: true,
      value: 'pong',
    });
    expect(fake.invoke).toHaveBeenLastCalledWith('desktop:saveImages', ['app:1']);
  });

  it('refuses a channel outside the contract without reaching the main process', async () => {
    fake.invoke.mockClear();
    const result = await bridge.invoke('shell:exec' as never, ['rm -rf /']);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('turns a thrown IPC failure into an error result', async () => {
    fake.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    expect(await bridge.invoke('engines:status', [])).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'No handler registered' },
    });
  });

  it('passes only the payload to listeners, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bridge.on('index:delta', (payload) => seen.push(payload));
    const [forward] = fake.listeners.get('index:delta') ?? [];
    forward?.({ sender: 'the IpcRendererEvent' }, { version: 2 });
    expect(seen).toEqual([{ version: 2 }]);
    off();
    expect(fake.listeners.get('index:delta')?.size).toBe(0);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    expect(() => bridge.on('secrets:leak' as never, () => {})).toThrow(/Unknown event channel/);
    expect(fake.listeners.has('secrets:leak')).toBe(false);
  });
});
