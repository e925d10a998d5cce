/**
 * The security settings of every Hangar window, in one pure module (no Electron import) so that a
 * unit test can assert each of them, and so that the web host serves the very same CSP.
 * They follow the Electron security checklist (items 2–4, 6–10, 13, 14, 17, 18).
 */

/** The custom scheme the renderer is served from (never `file://`, checklist item 18). */
export const APP_SCHEME = 'app';
/** The one host of that scheme. */
export const APP_HOST = 'hangar';
/** The renderer's origin inside Electron. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the window is pointed at. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * One strict Content-Security-Policy for the Electron window and the web host: no inline script or
 * style, no remote content, no plugins, no `<base>` tricks, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The subset of Electron's `WebPreferences` we set; the shape is Electron's own. */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  preload: string;
}

export function webPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for a URL at the app's own `app://hangar/` origin. */
export function isTrustedUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** What we need of Electron's `WebFrameMain` to decide whether an IPC sender is ours. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** An IPC message is served only from the top-level frame of a page at the app's origin. */
export function isTrustedFrame(frame: FrameLike | null | undefined): boolean {
  return frame != null && frame.parent === null && isTrustedUrl(frame.url);
}

/** Links the app may hand to the system browser: plain http(s) without credentials. */
export function isExternalLinkAllowed(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
