import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './static-files.js';

const ROOT = path.resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps paths inside the root, and folders to their index.html', () => {
    expect(resolveStaticPath(ROOT, '/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveStaticPath(ROOT, '/assets/app.js')).toBe(path.join(ROOT, 'assets', 'app.js'));
    expect(resolveStaticPath(ROOT, '/assets/')).toBe(path.join(ROOT, 'assets', 'index.html'));
    expect(resolveStaticPath(ROOT, '/a%20b.css')).toBe(path.join(ROOT, 'a b.css'));
    expect(resolveStaticPath(ROOT, '/assets/../index.html')).toBe(path.join(ROOT, 'index.html'));
  });

  it('refuses anything that leaves the root or cannot be decoded', () => {
    for (const p of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2F..%2F..%2Fetc/passwd',
      '/..',
      '/%00',
      '/a\\..\\..\\b',
      '/%E0%A4%A',
      'relative.js',
      '/../renderer-evil/x.js',
    ]) {
      expect(resolveStaticPath(ROOT, p), p).toBeNull();
    }
  });
});

describe('contentTypeOf', () => {
  it('knows the renderer build outputs and defaults to octet-stream', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('x.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.bin')).toBe('application/octet-stream');
  });
});
