/** The build records, read from the store: the `builds:*` channels. */
import type { BuildListOptions, BuildRecord, BuildSummary } from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import type { StoreProvider } from '../store/store.js';

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
}
