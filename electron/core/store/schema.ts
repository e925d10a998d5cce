/**
 * The store's schema, as migrations. Never edit a released migration: add the next version.
 *
 * v1:
 * - `cache_entries`: key → image (artifact cache), with LRU bookkeeping and pinning.
 * - `entry_inputs`: the per-input digests behind each key (deflated JSON), to say what changed.
 * - `artifacts`: what each artifact was last built from, and its TTL override.
 * - `file_hashes`: content digests memoized by (path, size, mtime, inode).
 * - `lookups`: every cache lookup (the history queries it by time range and artifact).
 * - `settings`: small JSON values (cache TTL and size limit).
 *
 * v2:
 * - `registry_pins`: the digest each artifact last used under a registry cache tag, so
 *   a tag moved by another writer is noticed.
 *
 * v3:
 * - `layer_indexes`: each image layer's file index (deflated JSON), keyed by its diff id, with
 *   LRU bookkeeping (the layer explorer).
 * - `layer_images`: an image's layers (diff ids, oldest first), the history step of each, and the
 *   layer list as the explorer shows it (sizes and counts of changes), once worked out.
 * - `layer_names`: the diff id behind each v1 id read from Docker's legacy save layout.
 *
 * v4:
 * - `builds`: one row per build Hangar ran: builder, outcome, its steps as JSON, cached and total
 *   Dockerfile steps, warnings and where the cache broke.
 *
 * v5:
 * - `build_cache_totals`: BuildKit's build cache totals per engine at each refresh (older points
 *   thinned), for its growth over time.
 * - `build_cache_prunes`: each build cache prune by hand or by the keep-under policy: the records
 *   it deleted (JSON), what it skipped and failed, and what it freed.
 */
import type { Migration } from './migrations.js';

const V1 = `
CREATE TABLE cache_entries (
  key          TEXT PRIMARY KEY,
  source       TEXT NOT NULL CHECK (source IN ('hangar', 'skaffold')),
  artifact     TEXT NOT NULL,
  image_id     TEXT,
  digest       TEXT,
  tags         TEXT NOT NULL DEFAULT '[]',
  size         INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER,
  stored_at    INTEGER NOT NULL,
  last_hit_at  INTEGER,
  hit_count    INTEGER NOT NULL DEFAULT 0,
  pinned       INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  engine       TEXT
);
CREATE INDEX cache_entries_by_artifact ON cache_entries (artifact, source, stored_at);
CREATE INDEX cache_entries_by_image ON cache_entries (image_id);

CREATE TABLE entry_inputs (
  key          TEXT PRIMARY KEY REFERENCES cache_entries (key) ON DELETE CASCADE,
  count        INTEGER NOT NULL,
  data         BLOB NOT NULL
);

CREATE TABLE artifacts (
  name         TEXT PRIMARY KEY,
  context      TEXT,
  dockerfile   TEXT,
  target       TEXT,
  platform     TEXT,
  build_args   TEXT NOT NULL DEFAULT '[]',
  ttl_hours    REAL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE file_hashes (
  path         TEXT PRIMARY KEY,
  size         INTEGER NOT NULL,
  mtime        TEXT NOT NULL,
  ino          TEXT NOT NULL,
  digest       TEXT NOT NULL,
  hashed_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE lookups (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,
  artifact       TEXT NOT NULL,
  key            TEXT NOT NULL,
  level          TEXT NOT NULL CHECK (level IN ('local', 'project', 'global')),
  status         TEXT NOT NULL CHECK (status IN ('HIT', 'HIT_TOO_OLD', 'MISS')),
  duration_ms    REAL NOT NULL,
  image_id       TEXT,
  engine         TEXT,
  origin         TEXT NOT NULL CHECK (origin IN ('gui', 'cli', 'import')),
  reason         TEXT,
  changed_inputs TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX lookups_by_time ON lookups (at);
CREATE INDEX lookups_by_artifact ON lookups (artifact, at);
CREATE INDEX lookups_by_status ON lookups (status, at);

CREATE TABLE settings (
  key          TEXT PRIMARY KEY,
  value        TEXT NOT NULL
);
`;

const V2 = `
CREATE TABLE registry_pins (
  artifact     TEXT NOT NULL,
  location     TEXT NOT NULL,
  key          TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('project', 'global')),
  digest       TEXT NOT NULL,
  used_at      INTEGER NOT NULL,
  PRIMARY KEY (artifact, location, key)
) WITHOUT ROWID;
CREATE INDEX registry_pins_by_location ON registry_pins (location, key);
`;

const V3 = `
CREATE TABLE layer_indexes (
  diff_id      TEXT PRIMARY KEY,
  tar_size     INTEGER NOT NULL,
  files        INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  data         BLOB NOT NULL,
  stored_at    INTEGER NOT NULL,
  used_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX layer_indexes_by_use ON layer_indexes (used_at);

CREATE TABLE layer_images (
  image_id     TEXT PRIMARY KEY,
  diff_ids     TEXT NOT NULL,
  steps        TEXT NOT NULL,
  summary      TEXT,
  used_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE layer_names (
  v1_id        TEXT PRIMARY KEY,
  diff_id      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX layer_names_by_diff_id ON layer_names (diff_id);
`;

const V4 = `
CREATE TABLE builds (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,
  artifact       TEXT NOT NULL,
  key            TEXT NOT NULL,
  builder        TEXT NOT NULL,
  engine         TEXT NOT NULL,
  duration_ms    INTEGER NOT NULL,
  outcome        TEXT NOT NULL,
  image_id       TEXT,
  build_id       TEXT,
  nocache        INTEGER NOT NULL,
  steps          TEXT NOT NULL,
  cached_steps   INTEGER NOT NULL,
  total_steps    INTEGER NOT NULL,
  warnings       TEXT NOT NULL,
  cache_broke_at TEXT,
  error          TEXT
);
CREATE INDEX builds_by_at ON builds (at);
CREATE INDEX builds_by_artifact ON builds (artifact, at);
`;

const V5 = `
CREATE TABLE build_cache_totals (
  engine            TEXT NOT NULL,
  at                INTEGER NOT NULL,
  count             INTEGER NOT NULL,
  bytes             INTEGER NOT NULL,
  reclaimable_bytes INTEGER NOT NULL,
  PRIMARY KEY (engine, at)
) WITHOUT ROWID;

CREATE TABLE build_cache_prunes (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  engine          TEXT NOT NULL,
  origin          TEXT NOT NULL CHECK (origin IN ('prune', 'policy')),
  limit_bytes     INTEGER,
  before_bytes    INTEGER NOT NULL,
  reclaimed_bytes INTEGER NOT NULL,
  deleted         TEXT NOT NULL,
  skipped         TEXT NOT NULL,
  failed          TEXT NOT NULL
);
CREATE INDEX build_cache_prunes_by_engine ON build_cache_prunes (engine, at);
`;

export const STORE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'artifact cache, file hashes, lookup history, settings', sql: V1 },
  { version: 2, name: 'registry cache pins', sql: V2 },
  { version: 3, name: 'layer indexes', sql: V3 },
  { version: 4, name: 'build records', sql: V4 },
  { version: 5, name: 'build cache totals and prune log', sql: V5 },
];
