import { describe, expect, it } from 'vitest';
import { dataDir, storeFile } from './paths.js';

describe('dataDir', () => {
  it('prefers HANGAR_HOME on every platform', () => {
    expect(dataDir({ env: { HANGAR_HOME: '/tmp/h' }, platform: 'linux', home: '/home/u' })).toBe(
      '/tmp/h',
    );
    expect(dataDir({ env: { HANGAR_HOME: '/tmp/h' }, platform: 'darwin', home: '/Users/u' })).toBe(
      '/tmp/h',
    );
  });

  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    expect(dataDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.local/share/hangar',
    );
    expect(dataDir({ env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home: '/home/u' })).toBe(
      '/data/hangar',
    );
    expect(dataDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.local/share/hangar',
    );
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(dataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Hangar',
    );
    expect(
      dataDir({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\Hangar');
    expect(dataDir({ env: {}, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Hangar',
    );
  });

  it('puts the store file in it', () => {
    expect(storeFile({ env: { HANGAR_HOME: '/tmp/h' }, platform: 'linux' })).toBe(
      '/tmp/h/hangar.db',
    );
  });
});
