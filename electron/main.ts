/**
 * The Electron main process: a thin shell over the core. It serves the built renderer from the
 * privileged `app://hangar/` scheme, opens one hardened window (window-options.ts), answers every
 * contract channel over IPC after checking the sender, answers Save… and Load… with the system's
 * file dialogs (desktop-files.ts), and forwards every core event to the window.
 * Bundled to `dist/electron/main.cjs` (CommonJS), so `__dirname` is `dist/electron`.
 */
import './cli/quiet-warnings.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type Session,
} from 'electron';
import { CHANNELS, isEventChannel } from '../shared/contract.js';
import { DESKTOP_CHANNELS } from '../shared/desktop.js';
import { HangarError, type IpcResult } from '../shared/errors.js';
import { createCore, type Core } from './core/core.js';
import { dispatch } from './core/dispatch.js';
import { desktopFileHandlers, dispatchDesktop, type FileDialog } from './desktop-files.js';
import { resolveStaticPath } from './web/static-files.js';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isExternalLinkAllowed,
  isTrustedFrame,
  isTrustedUrl,
  webPreferences,
} from './window-options.js';

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** `app://hangar/<path>` → a file under dist/renderer, never outside it, with our CSP. */
async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return textResponse(404, 'Not found.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'GET only.');
  const file = resolveStaticPath(RENDERER_DIR, url.pathname);
  if (file === null) return textResponse(403, 'Forbidden.');
  let res: Response;
  try {
    res = await net.fetch(pathToFileURL(file).toString());
  } catch {
    return textResponse(404, 'Not found.');
  }
  const headers = new Headers(res.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(res.body, { status: res.status, headers });
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** No new windows (http(s) links go to the system browser), no navigation away, no webviews. */
function guardContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function untrustedSender(): IpcResult<never> {
  return {
    ok: false,
    error: new HangarError('UNAUTHORIZED', 'This request did not come from Hangar.').toJSON(),
  };
}

/** The system's file dialogs, attached to the window that asked. */
function dialogFor(event: IpcMainInvokeEvent): FileDialog {
  const win = BrowserWindow.fromWebContents(event.sender);
  return {
    showSaveDialog: (o) => (win ? dialog.showSaveDialog(win, o) : dialog.showSaveDialog(o)),
    showOpenDialog: (o) => (win ? dialog.showOpenDialog(win, o) : dialog.showOpenDialog(o)),
  };
}

function serveIpc(core: Core): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame)) return untrustedSender();
      return dispatch(core.handlers, channel, args);
    });
  }
  const desktop = desktopFileHandlers({
    files: core.files,
    defaultFolder: () => app.getPath('downloads'),
  });
  for (const channel of DESKTOP_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame)) return untrustedSender();
      return dispatchDesktop(desktop, dialogFor(event), channel, args);
    });
  }
  core.subscribe((event, payload) => {
    if (!isEventChannel(event)) return;
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) contents.send(event, payload);
    }
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Hangar',
    autoHideMenuBar: true,
    webPreferences: webPreferences(PRELOAD_PATH),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** `--host` on the Electron command line, like the CLI's (otherwise DOCKER_HOST, contexts…). */
function hostFlag(): string | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { host: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.host === 'string' ? values.host : undefined;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  guardContents();
  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, serveApp);

  let core: Core;
  try {
    const host = hostFlag();
    core = await createCore(host === undefined ? {} : { host });
  } catch (err) {
    dialog.showErrorBox('Hangar cannot start', err instanceof Error ? err.message : String(err));
    app.exit(2);
    return;
  }
  serveIpc(core);

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  createWindow();
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void main();
