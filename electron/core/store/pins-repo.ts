/**
 * The digest each artifact last used under a registry cache tag (kpack's pinned cache image):
 * when the tag points elsewhere now, another writer changed it behind this machine's back.
 */
import type { RegistryPin } from '../../../shared/registry-cache.js';
import { num, text, type Row, type StoreDatabase } from './database.js';

function pinOf(row: Row): RegistryPin {
  return {
    artifact: text(row, 'artifact'),
    location: text(row, 'location'),
    key: text(row, 'key'),
    level: text(row, 'level') === 'global' ? 'global' : 'project',
    digest: text(row, 'digest'),
    usedAt: num(row, 'used_at'),
  };
}

export class PinsRepo {
  constructor(private readonly db: StoreDatabase) {}

  get(artifact: string, location: string, key: string): RegistryPin | null {
    const row = this.db.get(
      'SELECT * FROM registry_pins WHERE artifact = ? AND location = ? AND key = ?',
      artifact,
      location,
      key,
    );
    return row ? pinOf(row) : null;
  }

  /** Pins of any artifact for these keys of one location (the browser's pinned-by-me marker). */
  forKeys(location: string, keys: readonly string[]): Map<string, RegistryPin> {
    const out = new Map<string, RegistryPin>();
    if (keys.length === 0) return out;
    const rows = this.db.all(
      `SELECT * FROM registry_pins
       WHERE location = ? AND key IN (SELECT value FROM json_each(?)) ORDER BY used_at`,
      location,
      JSON.stringify(keys),
    );
    // The most recent use wins when two artifacts share a key.
    for (const row of rows) out.set(text(row, 'key'), pinOf(row));
    return out;
  }

  put(pin: RegistryPin): void {
    this.db.run(
      `INSERT INTO registry_pins (artifact, location, key, level, digest, used_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (artifact, location, key) DO UPDATE SET
         level = excluded.level, digest = excluded.digest, used_at = excluded.used_at`,
      pin.artifact,
      pin.location,
      pin.key,
      pin.level,
      pin.digest,
      pin.usedAt,
    );
  }
}
