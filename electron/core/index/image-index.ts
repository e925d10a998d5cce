/**
 * The memoized image index: every question the UI asks is answered from these maps, with no daemon
 * call. It is a plain data structure: the `IndexService` feeds it from the daemon (a full load, then
 * targeted updates from the event stream) and publishes what `commit()` returns.
 *
 * Changes are staged: `putImage`, `dropImage`, `putContainer`, `dropContainer` and `replaceAll`
 * mark the images they touch (and the ones whose derived flags they may change: a parent whose
 * children changed, the image a container uses) as dirty; `commit()` recomputes only those records,
 * compares them with what subscribers last saw, and returns one versioned delta, or null when
 * nothing visible changed.
 */
import type {
  ContainerRecord,
  ImageRecord,
  IndexDelta,
  IndexTotals,
} from '../../../shared/model.js';
import { familiarRef } from '../../../shared/reference-names.js';
import { sameBase, type BaseImage } from './normalize.js';

export class ImageIndex {
  private readonly images = new Map<string, BaseImage>();
  private readonly records = new Map<string, ImageRecord>();
  private readonly containers = new Map<string, ContainerRecord>();
  /** Keyed by the familiar form (`familiarRef`), whichever form the engine lists. */
  private readonly tagToId = new Map<string, string>();
  private readonly digestToId = new Map<string, string>();
  private readonly children = new Map<string, Set<string>>();
  private readonly usedBy = new Map<string, Set<string>>();
  private readonly danglingIds = new Set<string>();
  private readonly dirty = new Set<string>();
  private totalsMemo: IndexTotals | null = null;
  private currentVersion = 0;

  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.records.size;
  }

  // ---- queries (memory only) ----

  get(id: string): ImageRecord | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.images.has(id);
  }

  /**
   * The image a `repo:tag` points at, familiar or as Podman lists it (`docker.io/me/app:1` and
   * `me/app:1` are one name).
   */
  byTag(tag: string): ImageRecord | undefined {
    const id = this.tagToId.get(familiarRef(tag));
    return id === undefined ? undefined : this.records.get(id);
  }

  /** The image a `repo@sha256:…` reference points at. */
  byDigest(digestRef: string): ImageRecord | undefined {
    const id = this.digestToId.get(familiarRef(digestRef));
    return id === undefined ? undefined : this.records.get(id);
  }

  /** Id of the image holding a tag, whether or not that change has been committed yet. */
  idOfTag(tag: string): string | undefined {
    return this.tagToId.get(familiarRef(tag));
  }

  dangling(): ImageRecord[] {
    return this.pick(this.danglingIds);
  }

  inUse(): ImageRecord[] {
    return this.pick(this.usedBy.keys());
  }

  childrenOf(id: string): ImageRecord[] {
    return this.pick(this.children.get(id) ?? []);
  }

  containersOf(id: string): ContainerRecord[] {
    return [...(this.usedBy.get(id) ?? [])].flatMap((cid) => this.containers.get(cid) ?? []);
  }

  container(id: string): ContainerRecord | undefined {
    return this.containers.get(id);
  }

  all(): ImageRecord[] {
    return [...this.records.values()];
  }

  totals(): IndexTotals {
    if (this.totalsMemo) return this.totalsMemo;
    const t: IndexTotals = {
      images: 0,
      tagged: 0,
      dangling: 0,
      intermediate: 0,
      inUse: 0,
      size: 0,
      danglingSize: 0,
    };
    for (const r of this.records.values()) {
      t.images++;
      t.size += r.size;
      if (r.repoTags.length > 0) t.tagged++;
      if (r.intermediate) t.intermediate++;
      if (r.containers.length > 0) t.inUse++;
      if (r.dangling) {
        t.dangling++;
        if (r.containers.length === 0) t.danglingSize += r.size;
      }
    }
    this.totalsMemo = t;
    return t;
  }

  // ---- staged changes ----

  /** Adds or replaces an image as the daemon reports it now. */
  putImage(next: BaseImage): void {
    const prev = this.images.get(next.id);
    if (prev && sameBase(prev, next)) return;
    if (prev) this.unlinkImage(prev);
    this.images.set(next.id, next);
    this.linkImage(next);
    this.dirty.add(next.id);
  }

  /** Removes an image that the daemon no longer has. */
  dropImage(id: string): void {
    const prev = this.images.get(id);
    if (!prev) return;
    this.unlinkImage(prev);
    this.images.delete(id);
    this.dirty.add(id);
  }

  putContainer(next: ContainerRecord): void {
    const prev = this.containers.get(next.id);
    if (prev) {
      if (prev.name === next.name && prev.state === next.state && prev.imageId === next.imageId) {
        return;
      }
      this.unlinkContainer(prev);
    }
    this.containers.set(next.id, next);
    this.link(this.usedBy, next.imageId, next.id);
    this.dirty.add(next.imageId);
  }

  dropContainer(id: string): void {
    const prev = this.containers.get(id);
    if (!prev) return;
    this.unlinkContainer(prev);
    this.containers.delete(id);
  }

  /** Makes the index equal to a full listing; the next `commit()` carries the difference. */
  replaceAll(images: readonly BaseImage[], containers: readonly ContainerRecord[]): void {
    const seen = new Set<string>();
    for (const image of images) {
      seen.add(image.id);
      this.putImage(image);
    }
    for (const id of [...this.images.keys()]) if (!seen.has(id)) this.dropImage(id);

    const seenContainers = new Set<string>();
    for (const c of containers) {
      seenContainers.add(c.id);
      this.putContainer(c);
    }
    for (const id of [...this.containers.keys()]) {
      if (!seenContainers.has(id)) this.dropContainer(id);
    }
  }

  /** Ids of parents referenced by some image but not (yet) known: intermediates to look up. */
  missingParents(): string[] {
    const missing: string[] = [];
    for (const parentId of this.children.keys()) {
      if (!this.images.has(parentId)) missing.push(parentId);
    }
    return missing;
  }

  /** Applies staged changes; returns the delta subscribers need, or null if nothing changed. */
  commit(): IndexDelta | null {
    if (this.dirty.size === 0) return null;
    const upserts: ImageRecord[] = [];
    const removals: string[] = [];
    for (const id of this.dirty) {
      const base = this.images.get(id);
      const before = this.records.get(id);
      if (!base) {
        if (before) {
          this.records.delete(id);
          this.danglingIds.delete(id);
          removals.push(id);
        }
        continue;
      }
      const after = this.buildRecord(base);
      if (before && sameRecord(before, after)) continue;
      this.records.set(id, after);
      if (after.dangling) this.danglingIds.add(id);
      else this.danglingIds.delete(id);
      upserts.push(after);
    }
    this.dirty.clear();
    if (upserts.length === 0 && removals.length === 0) return null;
    this.totalsMemo = null;
    this.currentVersion++;
    return { version: this.currentVersion, upserts, removals };
  }

  // ---- internals ----

  private buildRecord(base: BaseImage): ImageRecord {
    const hasChildren = (this.children.get(base.id)?.size ?? 0) > 0;
    const untagged = base.repoTags.length === 0;
    const containers = this.containersOf(base.id)
      .map(({ id, name, state }) => ({ id, name, state }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return {
      ...base,
      containers,
      dangling: untagged && !hasChildren,
      intermediate: untagged && hasChildren,
    };
  }

  private linkImage(image: BaseImage): void {
    for (const tag of image.repoTags) this.tagToId.set(familiarRef(tag), image.id);
    for (const digest of image.repoDigests) this.digestToId.set(familiarRef(digest), image.id);
    if (image.parentId) {
      this.link(this.children, image.parentId, image.id);
      this.dirty.add(image.parentId);
    }
  }

  private unlinkImage(image: BaseImage): void {
    for (const tag of image.repoTags.map(familiarRef)) {
      if (this.tagToId.get(tag) === image.id) this.tagToId.delete(tag);
    }
    for (const digest of image.repoDigests.map(familiarRef)) {
      if (this.digestToId.get(digest) === image.id) this.digestToId.delete(digest);
    }
    if (image.parentId) {
      this.unlink(this.children, image.parentId, image.id);
      this.dirty.add(image.parentId);
    }
  }

  private unlinkContainer(c: ContainerRecord): void {
    this.unlink(this.usedBy, c.imageId, c.id);
    this.dirty.add(c.imageId);
  }

  private link(map: Map<string, Set<string>>, key: string, value: string): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
  }

  private unlink(map: Map<string, Set<string>>, key: string, value: string): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(value);
    if (set.size === 0) map.delete(key);
  }

  private pick(ids: Iterable<string>): ImageRecord[] {
    const out: ImageRecord[] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      if (r) out.push(r);
    }
    return out;
  }
}

function sameRecord(a: ImageRecord, b: ImageRecord): boolean {
  return (
    sameBase(a, b) &&
    a.dangling === b.dangling &&
    a.intermediate === b.intermediate &&
    a.containers.length === b.containers.length &&
    a.containers.every(
      (c, i) =>
        c.id === b.containers[i]?.id &&
        c.name === b.containers[i]?.name &&
        c.state === b.containers[i]?.state,
    )
  );
}
