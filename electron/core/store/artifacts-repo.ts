/**
 * What each artifact was last built from (and its TTL override), and the settings: the cache's,
 * the registry cache levels, the update check and the saved builder.
 */
import {
  DEFAULT_UPDATE_CHECK_SETTINGS,
  type UpdateCheckSettings,
} from '../../../shared/updates.js';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from '../../../shared/artifacts.js';
import { BUILDER_CHOICES, type BuilderChoice } from '../../../shared/builds.js';
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
    const stored = this.read<Partial<CacheSettings>>('cache') ?? {};
    return {
      ttlHours: validNumber(stored.ttlHours, DEFAULT_CACHE_SETTINGS.ttlHours),
      maxSizeBytes: validNumber(stored.maxSizeBytes, DEFAULT_CACHE_SETTINGS.maxSizeBytes),
    };
  }

  setCache(settings: CacheSettings): CacheSettings {
    this.put('cache', settings);
    return this.cache();
  }

  /** The registry cache levels; anything malformed in the file falls back to the default. */
  remoteCache(): RemoteCacheSettings {
    const stored = this.read<Partial<RemoteCacheSettings>>('registryCache') ?? {};
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
    this.put('registryCache', settings);
    return this.remoteCache();
  }

  /** The update check's settings; anything malformed falls back to the default. */
  updateCheck(): UpdateCheckSettings {
    const stored = this.read<Partial<UpdateCheckSettings>>('updateCheck') ?? {};
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
    this.put('updateCheck', settings);
    return this.updateCheck();
  }

  /** The saved builder (`auto` until one is saved, or when what is stored is not a choice). */
  builder(): BuilderChoice {
    const stored = this.read<unknown>('builder');
    return BUILDER_CHOICES.find((c) => c === stored) ?? 'auto';
  }

  setBuilder(choice: BuilderChoice): BuilderChoice {
    this.put('builder', choice);
    return this.builder();
  }

  /** A setting's stored JSON, or null when it was never saved. */
  private read<T>(key: string): T | null {
    const row = this.db.get('SELECT value FROM settings WHERE key = ?', key);
    return row ? jsonColumn<T | null>(row, 'value', null) : null;
  }

  private put(key: string, value: unknown): void {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      key,
      JSON.stringify(value),
    );
  }
}

function validNumber(value: unknown, fallback: number | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
