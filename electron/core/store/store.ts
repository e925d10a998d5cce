/**
 * The store: one SQLite file in the user data dir holding the artifact cache, the file-hash memo,
 * the lookup history and settings. Opened on first use, so a missing, locked or corrupt file never
 * stops the rest of the app: the requests that need it get an error naming the file.
 */
import { HangarError } from '../../../shared/errors.js';
import { ArtifactsRepo, SettingsRepo } from './artifacts-repo.js';
import { BuildCacheRepo } from './build-cache-repo.js';
import { BuildsRepo } from './builds-repo.js';
import { CacheEntriesRepo } from './cache-repo.js';
import { StoreDatabase, type OpenOptions } from './database.js';
import { HistoryRepo } from './history-repo.js';
import { LayersRepo } from './layers-repo.js';
import { FileHashRepo } from './memo-repo.js';
import { PinsRepo } from './pins-repo.js';
import { dataDir, storeFile } from './paths.js';
import { STORE_MIGRATIONS } from './schema.js';

export class HangarStore {
  readonly entries: CacheEntriesRepo;
  readonly artifacts: ArtifactsRepo;
  readonly settings: SettingsRepo;
  readonly fileHashes: FileHashRepo;
  readonly history: HistoryRepo;
  readonly pins: PinsRepo;
  readonly layers: LayersRepo;
  readonly builds: BuildsRepo;
  readonly buildCache: BuildCacheRepo;

  constructor(readonly db: StoreDatabase) {
    this.entries = new CacheEntriesRepo(db);
    this.artifacts = new ArtifactsRepo(db);
    this.settings = new SettingsRepo(db);
    this.fileHashes = new FileHashRepo(db);
    this.history = new HistoryRepo(db);
    this.pins = new PinsRepo(db);
    this.layers = new LayersRepo(db);
    this.builds = new BuildsRepo(db);
    this.buildCache = new BuildCacheRepo(db);
  }

  get file(): string {
    return this.db.file;
  }

  static open(file: string, options: Omit<OpenOptions, 'migrations'> = {}): HangarStore {
    return new HangarStore(StoreDatabase.open(file, { ...options, migrations: STORE_MIGRATIONS }));
  }

  close(): void {
    this.db.close();
  }
}

/** Opens the store on first use and keeps it; a failed open is retried on the next use. */
export class StoreProvider {
  private store: HangarStore | null = null;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly options: Omit<OpenOptions, 'migrations'> = {},
  ) {}

  /** The store for `env` (HANGAR_HOME, XDG_DATA_HOME…). */
  static forEnv(env: NodeJS.ProcessEnv): StoreProvider {
    return new StoreProvider(storeFile({ env }));
  }

  get(): HangarStore {
    if (this.closed) throw new HangarError('CANCELLED', `The Hangar store ${this.file} is closed.`);
    this.store ??= HangarStore.open(this.file, this.options);
    return this.store;
  }

  close(): void {
    this.closed = true;
    this.store?.close();
    this.store = null;
  }
}

export { dataDir, storeFile };
