/** The build records, read from the store, and the saved builder: the `builds:*` channels. */
import type {
  BuildListOptions,
  BuildRecord,
  BuilderChoice,
  BuilderSetting,
  BuildSummary,
} from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import type { EngineStatus } from '../../../shared/model.js';
import { toHangarError } from '../errors.js';
import type { StoreProvider } from '../store/store.js';
import { chooseBuilder } from './builder-choice.js';

export class BuildService {
  constructor(private readonly deps: { store: StoreProvider }) {}

  list(options: BuildListOptions): BuildSummary[] {
    return this.deps.store.get().builds.list(options);
  }

  get(id: number): BuildRecord {
    const record = this.deps.store.get().builds.get(id);
    if (!record) {
      throw new HangarError(
        'NOT_FOUND',
        `No build ${id} is recorded (it never ran here, or the history's retention removed it).`,
      );
    }
    return record;
  }

  forLookup(lookupId: number): BuildSummary | null {
    return this.deps.store.get().builds.forLookup(lookupId);
  }

  /** The saved builder and what it runs on an engine in `status`. */
  builder(status: EngineStatus): BuilderSetting {
    const choice = this.deps.store.get().settings.builder();
    try {
      return { choice, runs: chooseBuilder(status, choice), problem: null };
    } catch (err) {
      return { choice, runs: null, problem: toHangarError(err).message };
    }
  }

  setBuilder(choice: BuilderChoice, status: EngineStatus): BuilderSetting {
    const store = this.deps.store.get();
    store.db.write(() => store.settings.setBuilder(choice));
    return this.builder(status);
  }
}
