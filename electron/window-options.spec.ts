import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isExternalLinkAllowed,
  isTrustedFrame,
  isTrustedUrl,
  webPreferences,
} from './window-options.js';

describe('webPreferences', () => {
  const prefs = webPreferences('/app/dist/electron/preload.cjs');

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
  });

  it('keeps web security on and insecure or experimental features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('uses the given preload and sets nothing else', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
      ].sort(),
    );
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it('allows only our own scripts, styles and connections', () => {
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data:");
  });

  it('forbids plugins, base rewriting and framing, and never allows inline or eval', () => {
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('isTrustedUrl', () => {
  it('trusts only the app origin', () => {
    expect(isTrustedUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedUrl('app://hangar/assets/x.js?y#z')).toBe(true);
    expect(isTrustedUrl('app://other/index.html')).toBe(false);
    expect(isTrustedUrl('app://user@hangar/index.html')).toBe(false);
    expect(isTrustedUrl('https://hangar/index.html')).toBe(false);
    expect(isTrustedUrl('file:///app/dist/renderer/index.html')).toBe(false);
    expect(isTrustedUrl('not a url')).toBe(false);
    expect(isTrustedUrl('')).toBe(false);
  });
});

describe('isTrustedFrame', () => {
  it('trusts only the top-level frame at the app origin', () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } })).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedFrame(null)).toBe(false);
    expect(isTrustedFrame(undefined)).toBe(false);
  });
});

describe('isExternalLinkAllowed', () => {
  it('hands only plain http(s) links to the system browser', () => {
    expect(isExternalLinkAllowed('https://docs.docker.com/')).toBe(true);
    expect(isExternalLinkAllowed('http://localhost:5000/v2/')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('smb://share/x')).toBe(false);
    expect(isExternalLinkAllowed('https://user:pw@example.com/')).toBe(false);
    expect(isExternalLinkAllowed('nonsense')).toBe(false);
  });
});
