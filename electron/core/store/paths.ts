/**
 * Where Hangar keeps its data: `HANGAR_HOME` when set; otherwise the platform's user data folder
 * (XDG on Linux, Application Support on macOS, %APPDATA% on Windows).
 */
import os from 'node:os';
import path from 'node:path';

export const STORE_FILE_NAME = 'hangar.db';

export interface DataDirInput {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function dataDir({
  env,
  platform = process.platform,
  home = os.homedir(),
}: DataDirInput): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = env.HANGAR_HOME?.trim();
  if (override) return p.resolve(override);
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'Hangar');
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || p.join(home, 'AppData', 'Roaming');
    return p.join(appData, 'Hangar');
  }
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored (XDG Base Directory spec).
  const xdg = env.XDG_DATA_HOME?.trim();
  const base = xdg && p.isAbsolute(xdg) ? xdg : p.join(home, '.local', 'share');
  return p.join(base, 'hangar');
}

/** The store file in the data dir. */
export function storeFile(input: DataDirInput): string {
  const dir = dataDir(input);
  return (input.platform === 'win32' ? path.win32 : path.posix).join(dir, STORE_FILE_NAME);
}
