/**
 * Writing a tag in a registry without pulling (a remote HIT with `pull: false`): the manifest's exact bytes
 * PUT under the new tag, after mounting its blobs (and, for an index, its child manifests) when the
 * target repository differs. Within one registry only.
 */
import { HangarError } from '../../../shared/errors.js';
import { isIndex, readImageManifest } from './image-manifest.js';
import type { RawManifest, RegistryClient } from './registry-client.js';

/** Copies `from` (a tag or digest of `fromRepo`) to `toRepo:toRef`; the digest written. */
export async function copyManifest(
  client: RegistryClient,
  from: { repository: string; reference: string; display: string },
  to: { repository: string; reference: string },
  signal?: AbortSignal,
): Promise<string> {
  const top = await client.getManifest(from.repository, from.reference, signal);
  if (!top) throw new HangarError('NOT_FOUND', `${from.display} is not in the registry.`);
  if (to.repository !== from.repository) {
    await mountAll(client, from.repository, to.repository, top, signal);
  }
  return client.putManifest(to.repository, to.reference, top, signal);
}

/** Mounts every blob (and, for an index, every child manifest) of `top` into `to`. */
async function mountAll(
  client: RegistryClient,
  from: string,
  to: string,
  top: RawManifest,
  signal?: AbortSignal,
): Promise<void> {
  const children = isIndex(top.mediaType, top.body) ? indexChildren(top.body) : [];
  for (const child of children) {
    const m = await client.getManifest(from, child, signal);
    if (!m) throw new HangarError('NOT_FOUND', `${from} lists a manifest it does not hold.`);
    await mountAll(client, from, to, m, signal);
    await client.putManifest(to, child, m, signal);
  }
  if (children.length > 0) return;
  const manifest = readImageManifest(top.body);
  for (const digest of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
    if (await client.hasBlob(to, digest, signal)) continue;
    if (!(await client.mountBlob(to, digest, from, signal))) {
      throw new HangarError(
        'REGISTRY_ERROR',
        `${client.registry} would not mount ${digest} from ${from} into ${to}; pull and push instead.`,
      );
    }
  }
}

/** The child manifest digests of an OCI index / manifest list. */
function indexChildren(body: unknown): string[] {
  const list = (body as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(list)) return [];
  return list
    .map((m) => (m as { digest?: unknown } | null)?.digest)
    .filter((d): d is string => typeof d === 'string');
}
