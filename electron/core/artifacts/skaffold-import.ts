/**
 * Imports skaffold's cache file so existing skaffold users see their cache: each `hash → {digest,
 * id}` becomes an entry marked `skaffold` (its key is skaffold's hash, so Hangar's own lookups never
 * match it), with its status: the image is here (by id, or by a local image carrying the digest),
 * only its registry digest is known, or it is missing. A malformed file imports nothing.
 */
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import type { SkaffoldEntryStatus, SkaffoldImportReport } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type { ImageRecord } from '../../../shared/model.js';
import { familiarRef, splitReference } from '../../../shared/reference-names.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { ImageIndex } from '../index/image-index.js';
import type { IndexService } from '../index/index-service.js';
import type { EntryRow } from '../store/cache-repo.js';
import type { StoreProvider } from '../store/store.js';
import { engineHost } from './image-facts.js';
import { defaultSkaffoldCacheFile, parseSkaffoldCache } from './skaffold-file.js';

export const SKAFFOLD_ARTIFACT = '(skaffold)';

function findImage(ix: ImageIndex, id: string | null, digest: string | null): ImageRecord | null {
  if (id) {
    const byId = ix.get(id);
    if (byId) return byId;
  }
  if (digest) {
    for (const image of ix.all()) {
      if (image.repoDigests.some((d) => d.endsWith(`@${digest}`))) return image;
    }
  }
  return null;
}

function artifactOf(image: ImageRecord | null): string {
  const ref = image?.repoTags[0] ?? image?.repoDigests[0];
  return ref ? familiarRef(splitReference(ref).repository) : SKAFFOLD_ARTIFACT;
}

/** What an import reads and writes: the images here, the store, the clock. */
export interface SkaffoldImportDeps {
  engine: EngineSource;
  index: IndexService;
  store: StoreProvider;
  now: () => number;
}

export async function importSkaffold(
  deps: SkaffoldImportDeps,
  fileArg: string | null,
): Promise<SkaffoldImportReport> {
  // `~/…` as people type it; the shell is not there to expand it for the GUI.
  const file =
    fileArg === null ? defaultSkaffoldCacheFile() : fileArg.replace(/^~(?=$|[\\/])/, os.homedir());
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HangarError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'VALIDATION',
      code === 'ENOENT'
        ? `No skaffold cache file at ${file}.`
        : `Cannot read the skaffold cache file ${file}: ${(err as Error).message}`,
    );
  }
  const items = parseSkaffoldCache(text, file);
  await deps.index.ready();
  const store = deps.store.get();
  const now = deps.now();
  const host = engineHost(deps.engine);
  const report: SkaffoldImportReport = { file, imported: 0, updated: 0, conflicts: 0, entries: [] };
  store.db.write(() => {
    for (const item of items) {
      const image = findImage(deps.index.index, item.id, item.digest);
      const status: SkaffoldEntryStatus = image
        ? 'present'
        : item.digest
          ? 'digest-known'
          : 'missing';
      const artifact = artifactOf(image);
      report.entries.push({
        key: item.hash,
        artifact,
        imageId: image?.id ?? item.id,
        digest: item.digest,
        status,
      });
      const existing = store.entries.get(item.hash);
      if (existing?.source === 'hangar') {
        report.conflicts++;
        continue;
      }
      const row: EntryRow = {
        key: item.hash,
        source: 'skaffold',
        artifact,
        imageId: image?.id ?? item.id,
        digest: item.digest,
        tags: [],
        size: image?.size ?? existing?.size ?? 0,
        createdAt: image ? image.created * 1000 : (existing?.createdAt ?? null),
        storedAt: existing?.storedAt ?? now,
        lastHitAt: existing?.lastHitAt ?? null,
        hitCount: existing?.hitCount ?? 0,
        pinned: existing?.pinned ?? false,
        engine: image ? host : (existing?.engine ?? null),
      };
      store.entries.put(row, null);
      if (existing) report.updated++;
      else report.imported++;
    }
  });
  return report;
}
