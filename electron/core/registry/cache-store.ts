/**
 * What the registry cache reads from and writes to Hangar's store: the remote cache settings
 * (the insecure registries among them), and what this machine knows of a level's keys (the
 * artifact of a key, the digest it pinned). A store that cannot be read never stops the browser:
 * the list comes back without what the store would have added.
 */
import type { RegistryCacheEntry, RemoteCacheSettings } from '../../../shared/registry-cache.js';
import type { StoreProvider } from '../store/store.js';
import type { RegistryCacheService } from './cache-service.js';

/** The registry hosts the user marked insecure; none when the store cannot be read. */
export function insecureRegistries(provider: StoreProvider): string[] {
  try {
    return provider.get().settings.remoteCache().insecureRegistries;
  } catch {
    return [];
  }
}

/** Saves the settings (insecure registries once each, sorted); the next calls use them. */
export function saveRemoteCacheSettings(
  provider: StoreProvider,
  registry: RegistryCacheService,
  settings: RemoteCacheSettings,
): RemoteCacheSettings {
  const saved = provider.get().settings.setRemoteCache({
    ...settings,
    insecureRegistries: [...new Set(settings.insecureRegistries)].sort(),
  });
  registry.resetClients();
  return saved;
}

/** Adds each key's artifact (from the local cache, else from a pin) and this machine's pin. */
export function annotateEntries(
  provider: StoreProvider,
  location: string,
  entries: RegistryCacheEntry[],
): void {
  const known = knownKeys(
    provider,
    location,
    entries.map((e) => e.key),
  );
  if (!known) return;
  for (const e of entries) {
    const pin = known.pins.get(e.key);
    e.artifact = known.names.get(e.key) ?? null;
    if (pin) {
      e.pinnedDigest = pin.digest;
      e.pin = e.digest === '' ? null : pin.digest === e.digest ? 'pinned' : 'moved';
    }
  }
}

/** Each key's artifact: from the local cache, else from a pin this machine holds for the tag. */
export function artifactNames(
  provider: StoreProvider,
  location: string,
  keys: readonly string[],
): Map<string, string> {
  return knownKeys(provider, location, keys)?.names ?? new Map();
}

/**
 * What this machine knows of `keys` at `location`: the pins it holds, and each key's artifact (the
 * local cache's, else the pin's). Null when the store cannot be read.
 */
function knownKeys(provider: StoreProvider, location: string, keys: readonly string[]) {
  let store;
  try {
    store = provider.get();
  } catch {
    return null;
  }
  const pins = store.pins.forKeys(location, keys);
  const names = store.entries.artifactsOf(keys);
  for (const [key, pin] of pins) if (!names.has(key)) names.set(key, pin.artifact);
  return { pins, names };
}
