/** Moving FTL files in and out of the page: reading picked files, saving an export. */
import { HangarError } from '../../../shared/errors.js';
import {
  FTL_FILE_MAX_BYTES,
  type FtlCacheStats,
  type HistoryImportFile,
} from '../../../shared/history.js';

/** The import limit in words: `16 MiB`. */
export const FTL_FILE_LIMIT_TEXT = `${FTL_FILE_MAX_BYTES / (1024 * 1024)} MiB`;

/**
 * Reads the files the user picked (name, text, and the time each was written: its build). A file
 * over the import limit is refused by name before any file is read.
 */
export async function readPickedFiles(files: Iterable<File>): Promise<HistoryImportFile[]> {
  const picked = [...files];
  const big = picked.find((f) => f.size > FTL_FILE_MAX_BYTES);
  if (big) {
    throw new HangarError(
      'VALIDATION',
      `${big.name} is ${big.size.toLocaleString('en-US')} bytes: an FTL file to import is at most ${FTL_FILE_LIMIT_TEXT}.`,
    );
  }
  return Promise.all(
    picked.map(async (f) => ({
      name: f.name,
      text: await f.text(),
      modifiedAt: Number.isFinite(f.lastModified) && f.lastModified > 0 ? f.lastModified : null,
    })),
  );
}

/** `hangar-cache-stats-2026-01-31.json`. */
export function exportFileName(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `hangar-cache-stats-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.json`;
}

/** Offers the JSON as a download (a blob link: nothing inline, nothing remote). */
export function saveJson(stats: FtlCacheStats, name: string): void {
  const blob = new Blob([`${JSON.stringify(stats, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
