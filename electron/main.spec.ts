/**
 * The Electron main process, driven through a fake `electron` module (the binary cannot run here):
 * pure wiring logic, checked call by call against the window's security rules: context isolation,
 * sandbox, no Node integration, the CSP, navigation and new windows denied, every IPC sender checked.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../shared/contract.js';
import { DESKTOP_CHANNELS } from '../shared/desktop.js';
import type { Core } from './core/core.js';
import { CONTENT_SECURITY_POLICY, webPreferences } from './window-options.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const on = (map: Map<string, Listener[]>) => (event: string, listener: Listener) => {
    map.set(event, [...(map.get(event) ?? []), listener]);
  };
  const appListeners = new Map<string, Listener[]>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  const windows: FakeWindow[] = [];

  class FakeWindow {
    url = '';
    readonly options: Record<string, unknown>;
    readonly once = vi.fn();
    readonly show = vi.fn();
    readonly webContents = {
      send: vi.fn(),
      getURL: () => this.url,
      isDestroyed: () => false,
    };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    static getAllWindows() {
      return windows;
    }
    static fromWebContents(contents: unknown) {
      return windows.find((w) => w.webContents === contents) ?? null;
    }
  }

  const permissionHandlers: Listener[] = [];
  return {
    appListeners,
    windows,
    permissionHandlers,
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, Listener>(),
    calls: [] as string[],
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({
      canceled: false,
      filePath: '/home/ann/app.tar',
    })),
    app: {
      getPath: vi.fn((name: string) => `/home/ann/${name}`),
      enableSandbox: vi.fn(() => fake.calls.push('enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => true),
      whenReady: () => ready.then(() => fake.calls.push('ready')),
      on: on(appListeners),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    FakeWindow,
    get ready() {
      return resolveReady;
    },
  };
});

const electron = vi.hoisted(() => ({
  openExternal: vi.fn(async () => {}),
  netFetch: vi.fn(
    async (_url: string) => new Response('<html>', { headers: { 'Content-Type': 'text/html' } }),
  ),
}));

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  dialog: {
    showErrorBox: vi.fn(),
    showSaveDialog: fake.showSaveDialog,
    showOpenDialog: vi.fn(),
  },
  ipcMain: { handle: (channel: string, fn: Listener) => fake.ipcHandlers.set(channel, fn) },
  net: { fetch: electron.netFetch },
  protocol: {
    registerSchemesAsPrivileged: vi.fn(() => fake.calls.push('registerSchemesAsPrivileged')),
    handle: (scheme: string, fn: Listener) => fake.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Listener) => fake.permissionHandlers.push(fn),
      setPermissionCheckHandler: (fn: Listener) => fake.permissionHandlers.push(fn),
      setDevicePermissionHandler: (fn: Listener) => fake.permissionHandlers.push(fn),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  },
  shell: { openExternal: electron.openExternal },
}));

const core = vi.hoisted(() => {
  const sinks = new Set<(event: string, payload: unknown) => void>();
  return {
    sinks,
    inspect: vi.fn(async (id: string) => ({ Id: id })),
    saveFile: vi.fn((names: readonly string[], file: string) => ({ kind: 'save', names, file })),
  };
});

vi.mock('./core/core.js', () => ({
  createCore: vi.fn(async (): Promise<Partial<Core>> => ({
    handlers: { 'images:inspect': core.inspect } as unknown as Core['handlers'],
    files: { save: core.saveFile, load: vi.fn() } as unknown as Core['files'],
    subscribe: (sink) => {
      core.sinks.add(sink as never);
      return () => core.sinks.delete(sink as never);
    },
    close: async () => {},
  })),
}));

const trusted = { senderFrame: { url: 'app://hangar/index.html', parent: null } };

beforeAll(async () => {
  await import('./main.js');
  expect(fake.calls).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
  fake.ready();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

describe('main process', () => {
  it('registers app:// as a standard, secure scheme before the app is ready', async () => {
    const { protocol } = await import('electron');
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('opens one hidden window with the secure webPreferences and the app URL', () => {
    const win = fake.windows[0];
    expect(win?.options.show).toBe(false);
    const prefs = win?.options.webPreferences as ReturnType<typeof webPreferences>;
    expect(prefs).toEqual(webPreferences(prefs.preload));
    expect(path.basename(prefs.preload)).toBe('preload.cjs');
    expect(win?.url).toBe('app://hangar/index.html');
    expect(win?.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
  });

  it('refuses every permission request and check', () => {
    const callback = vi.fn();
    const [request, check, device] = fake.permissionHandlers;
    request?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check?.({}, 'notifications')).toBe(false);
    expect(device?.({})).toBe(false);
  });

  it('answers exactly the contract channels and the desktop file channels over IPC', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CHANNELS, ...DESKTOP_CHANNELS].sort());
  });

  it('Save… opens the system dialog on the asking window and saves where it answered', async () => {
    const handle = fake.ipcHandlers.get('desktop:saveImages');
    const win = fake.windows[0];
    const result = await handle?.({ ...trusted, sender: win?.webContents }, ['app:1']);
    expect(result).toEqual({
      ok: true,
      value: { kind: 'save', names: ['app:1'], file: '/home/ann/app.tar' },
    });
    expect(fake.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ defaultPath: '/home/ann/downloads/app_1.tar' }),
    );
  });

  it('serves the desktop file channels only to the app frame', async () => {
    const handle = fake.ipcHandlers.get('desktop:saveImages');
    fake.showSaveDialog.mockClear();
    const saves = core.saveFile.mock.calls.length;
    const senderFrame = { url: 'https://evil.example/', parent: null };
    expect(await handle?.({ senderFrame, sender: null }, ['app:1'])).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(fake.showSaveDialog).not.toHaveBeenCalled();
    expect(core.saveFile.mock.calls.length).toBe(saves);
  });

  it('serves IPC only to the top-level frame at the app origin', async () => {
    const handle = fake.ipcHandlers.get('images:inspect');
    expect(await handle?.(trusted, 'nginx:latest')).toEqual({
      ok: true,
      value: { Id: 'nginx:latest' },
    });
    const calls = core.inspect.mock.calls.length;
    for (const senderFrame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'app://hangar/index.html', parent: { url: 'app://hangar/index.html' } },
    ]) {
      expect(await handle?.({ senderFrame }, 'nginx:latest')).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    }
    expect(core.inspect.mock.calls.length).toBe(calls);
  });

  it('validates IPC arguments with the contract', async () => {
    const handle = fake.ipcHandlers.get('images:inspect');
    expect(await handle?.(trusted, 42)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('forwards core events to the app window', () => {
    const delta = { version: 1, upserts: [], removals: [] };
    for (const sink of core.sinks) sink('index:delta', delta);
    expect(fake.windows[0]?.webContents.send).toHaveBeenCalledWith('index:delta', delta);
  });

  it('denies new windows and sends only http(s) links to the system browser', () => {
    const created = fake.appListeners.get('web-contents-created')?.[0];
    let openHandler: Listener = () => undefined;
    const contentsListeners = new Map<string, Listener>();
    created?.(
      {},
      {
        setWindowOpenHandler: (fn: Listener) => (openHandler = fn),
        on: (event: string, fn: Listener) => contentsListeners.set(event, fn),
      },
    );
    expect(openHandler({ url: 'https://docs.docker.com/' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledWith('https://docs.docker.com/');
    electron.openExternal.mockClear();
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).not.toHaveBeenCalled();

    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      contentsListeners.get(event)?.(away, 'https://evil.example/');
      expect(away.preventDefault, event).toHaveBeenCalled();
      const inside = { preventDefault: vi.fn() };
      contentsListeners.get(event)?.(inside, 'app://hangar/index.html#/images');
      expect(inside.preventDefault, event).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    contentsListeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('serves app:// from dist/renderer with the CSP, and nothing outside it', async () => {
    const serve = fake.protocolHandlers.get('app') as (r: Request) => Promise<Response>;
    const res = await serve(new Request('app://hangar/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const fetched = electron.netFetch.mock.calls.at(-1)?.[0] ?? '';
    expect(fetched).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);

    electron.netFetch.mockClear();
    expect((await serve(new Request('app://hangar/..%2f..%2fpackage.json'))).status).toBe(403);
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
    expect(electron.netFetch).not.toHaveBeenCalled();
  });
});
