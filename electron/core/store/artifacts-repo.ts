/** What each artifact was last built from (and its TTL override), and the cache settings. */
import {
  DEFAULT_UPDATE_CHECK_SETTINGS,
  type UpdateCheckSettings,
} from '../../../shared/updates.js';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from '../../../shared/artifacts.js';
import {
  DEFAULT_REMOTE_CACHE_SETTINGS,
  MOVED_POLICIES,
  type RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import { jsonColumn, numOrNull, text, textOrNull, type StoreDatabase } from './database.js';

export interface ArtifactConfigRow {
  name: string;
  context: string | null;
  dockerfile: string | null;
  target: string | null;
  platform: string | null;
  /** Names only: values may be secrets, and secrets never reach the store. */
  buildArgNames: string[];
  ttlHours: number | null;
  updatedAt: number;
}

export class ArtifactsRepo {
  constructor(private readonly db: StoreDatabase) {}

  get(name: string): ArtifactConfigRow | null {
    const row = this.db.get('SELECT * FROM artifacts WHERE name = ?', name);
    if (!row) return null;
    return {
      name: text(row, 'name'),
      context: textOrNull(row, 'context'),
      dockerfile: textOrNull(row, 'dockerfile'),
      target: textOrNull(row, 'target'),
      platform: textOrNull(row, 'platform'),
      buildArgNames: jsonColumn<string[]>(row, 'build_args', []),
      ttlHours: numOrNull(row, 'ttl_hours'),
      updatedAt: numOrNull(row, 'updated_at') ?? 0,
    };
  }

  /** TTL overrides by artifact name (only artifacts that have one). */
  ttlOverrides(): Map<string, number> {
    const out = new Map<string, number>();
    for (const row of this.db.all(
      'SELECT name, ttl_hours FROM artifacts WHERE ttl_hours IS NOT NULL',
    )) {
      const ttl = numOrNull(row, 'ttl_hours');
      if (ttl !== null) out.set(text(row, 'name'), ttl);
    }
    return out;
  }

  /** Remembers an artifact's config; `ttlHours` undefined keeps the current override. */
  put(config: Omit<ArtifactConfigRow, 'ttlHours'> & { ttlHours?: number | null }): void {
    this.db.run(
      `INSERT INTO artifacts (name, context, dockerfile, target, platform, build_args, ttl_hours, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET
         context = excluded.context, dockerfile = excluded.dockerfile, target = excluded.target,
         platform = excluded.platform, build_args = excluded.build_args,
         ttl_hours = CASE WHEN ? THEN excluded.ttl_hours ELSE artifacts.ttl_hours END,
         updated_at = excluded.updated_at`,
      config.name,
      config.context,
      config.dockerfile,
      config.target,
      config.platform,
      JSON.stringify(config.buildArgNames),
      config.ttlHours ?? null,
      config.updatedAt,
      config.ttlHours === undefined ? 0 : 1,
    );
  }
}

export class SettingsRepo {
  constructor(private readonly db: StoreDatabase) {}

  cache(): CacheSettings {
    const row = this.db.get("SELECT value FROM settings WHERE key = 'cache'");
    const stored = row ? jsonColumn<Partial<CacheSettings>>(row, 'value', {}) : {};
    return {
      ttlHours: validNumber(stored.ttlHours, DEFAULT_CACHE_SETTINGS.ttlHours),
      maxSizeBytes: validNumber(stored.maxSizeBytes, DEFAULT_CACHE_SETTINGS.maxSizeBytes),
    };
  }

  setCache(settings: CacheSettings): CacheSettings {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES ('cache', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(settings),
    );
    return this.cache();
  }

  /** The registry cache levels; anything malformed in the file falls back to the default. */
  remoteCache(): RemoteCacheSettings {
    const row = this.db.get("SELECT value FROM settings WHERE key = 'registryCache'");
    const stored = row ? jsonColumn<Partial<RemoteCacheSettings>>(row, 'value', {}) : {};
    const d = DEFAULT_REMOTE_CACHE_SETTINGS;
    const location = (v: unknown, fallback: string | null) =>
      v === null || typeof v === 'string' ? v : fallback;
    return {
      project: location(stored.project, d.project),
      global: location(stored.global, d.global),
      pushAfterBuild:
        typeof stored.pushAfterBuild === 'boolean' ? stored.pushAfterBuild : d.pushAfterBuild,
      onMoved: MOVED_POLICIES.find((p) => p === stored.onMoved) ?? d.onMoved,
      insecureRegistries: Array.isArray(stored.insecureRegistries)
        ? stored.insecureRegistries.filter((h): h is string => typeof h === 'string')
        : d.insecureRegistries,
    };
  }

  setRemoteCache(settings: RemoteCacheSettings): RemoteCacheSettings {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES ('registryCache', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(settings),
    );
    return this.remoteCache();
  }

  /** The update check's settings; anything malformed falls back to the default. */
  updateCheck(): UpdateCheckSettings {
    const row = this.db.get("SELECT value FROM settings WHERE key = 'updateCheck'");
    const stored = row ? jsonColumn<Partial<UpdateCheckSettings>>(row, 'value', {}) : {};
    const d = DEFAULT_UPDATE_CHECK_SETTINGS;
    const positive = (v: unknown, fallback: number) =>
      typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
    return {
      maxAgeMinutes: positive(stored.maxAgeMinutes, d.maxAgeMinutes),
      background: typeof stored.background === 'boolean' ? stored.background : d.background,
      concurrency: Math.floor(positive(stored.concurrency, d.concurrency)),
    };
  }

  setUpdateCheck(settings: UpdateCheckSettings): UpdateCheckSettings {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES ('updateCheck', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(settings),
    );
    return this.updateCheck();
  }
}

function validNumber(value: unknown, fallback: number | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
