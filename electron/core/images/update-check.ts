/**
 * The update check: for each tagged image with a repo digest in its tag's repository, a `HEAD` of
 * the tag's manifest in its registry (the full Accept list, so a multi-platform tag answers its
 * index's digest, which is what a pull of it records as the repo digest) against those digests.
 * Checks run with bounded concurrency, one per registry host and repository tag, and are
 * remembered with their time for `maxAgeMinutes`; nothing here is on the image table's path.
 * For a tag with an update available, the registry's image is read too (its manifest, the local
 * platform's in an index, and its small config blob) for when it was created, in the same slot
 * of the concurrency; not learning it is no failure. Docker Hub is not asked (a manifest read
 * there counts against its pull limit, a HEAD does not).
 */
import { HangarError } from '../../../shared/errors.js';
import type { ImageRecord } from '../../../shared/model.js';
import { parseReference, repositoryOf } from '../../../shared/reference.js';
import { isDockerHub, splitReference } from '../../../shared/reference-names.js';
import type {
  UpdateCheckOptions,
  UpdateCheckSettings,
  UpdateStatus,
} from '../../../shared/updates.js';
import { mapLimit } from '../concurrency.js';
import {
  headManifest,
  type ManifestHead,
  type ManifestHeadOptions,
} from '../registry/manifest-head.js';
import { ImageResolver } from '../registry/image-resolver.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { RegistryLogin } from '../registry/token-auth.js';
import { resolveCredentials, type CredentialOptions } from './credentials.js';

export interface UpdateCheckDeps {
  /** The tagged images to consider (the index's records). */
  images(): readonly ImageRecord[];
  settings(): UpdateCheckSettings;
  /** Keeps new settings; answers them as stored. */
  saveSettings(settings: UpdateCheckSettings): UpdateCheckSettings;
  /** Whether this core may check in the background (the app yes, the CLI no). */
  backgroundAllowed: boolean;
  credentials?: CredentialOptions;
  /** The registry HEAD (a test passes one with its own fetch). */
  head?: (opts: ManifestHeadOptions) => Promise<ManifestHead>;
  /** When the registry's image `digest` was created, or null (a test passes its own). */
  created?: (opts: RemoteImageOptions) => Promise<string | null>;
  now?: () => number;
}

/** The registry's image a tag points at now, by the digest its HEAD answered. */
export interface RemoteImageOptions {
  registry: string;
  repository: string;
  digest: string;
  login: RegistryLogin | null;
}

/** An image config's `created` as ISO 8601, or null when it has none that reads as a time. */
export function createdOf(config: Record<string, unknown>): string | null {
  const created = config.created;
  if (typeof created !== 'string') return null;
  const ms = Date.parse(created);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** One tag to check: what the image here has in the tag's repository. */
export interface UpdateTarget {
  tag: string;
  imageId: string;
  localDigests: string[];
}

/** Every tag of every image, with the image's digests in that tag's repository. */
export function updateTargets(images: readonly ImageRecord[]): UpdateTarget[] {
  const out: UpdateTarget[] = [];
  for (const image of images) {
    for (const tag of image.repoTags) {
      const repo = splitReference(tag).repository;
      const localDigests = image.repoDigests
        .filter((d) => repositoryOf(d) === repo)
        .flatMap((d) => splitReference(d).digest ?? []);
      out.push({ tag, imageId: image.id, localDigests });
    }
  }
  return out;
}

/** The state of one target from the registry's answer (or its failure). */
export function judgeUpdate(
  target: UpdateTarget,
  answer: { head: ManifestHead } | { error: unknown },
  checkedAt: number,
): UpdateStatus {
  const base = { ...target, checkedAt, remoteDigest: null, remoteCreated: null };
  if ('error' in answer) {
    const err = answer.error;
    if (err instanceof HangarError && err.code === 'AUTH_FAILED') {
      return { ...base, state: 'unknown', reason: `login needed: ${err.message}` };
    }
    const said = err instanceof HangarError ? err.message : describeFetchError(err);
    return { ...base, state: 'unknown', reason: `registry unreachable: ${said}` };
  }
  const remote = answer.head.digest;
  if (remote === null) {
    return { ...base, state: 'unknown', reason: 'the registry has no such tag (any more)' };
  }
  const state = target.localDigests.includes(remote) ? 'upToDate' : 'updateAvailable';
  return { ...base, remoteDigest: remote, state, reason: null };
}

function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (err.name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? err.message;
}

export class UpdateChecker {
  private readonly remembered = new Map<string, UpdateStatus>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly head: (opts: ManifestHeadOptions) => Promise<ManifestHead>;
  private readonly created: (opts: RemoteImageOptions) => Promise<string | null>;
  /** Configs by digest, read once (a digest names its content). */
  private readonly resolver = new ImageResolver();

  constructor(private readonly deps: UpdateCheckDeps) {
    this.now = deps.now ?? Date.now;
    this.head = deps.head ?? headManifest;
    this.created = deps.created ?? ((opts) => this.readCreated(opts));
  }

  /** The manifest `digest` (the local platform's, for an index), then its config's `created`. */
  private async readCreated(opts: RemoteImageOptions): Promise<string | null> {
    const client = new RegistryClient({ registry: opts.registry, login: opts.login });
    const image = await this.resolver.resolve(client, opts.repository, opts.digest, opts.digest);
    return createdOf(image.config);
  }

  /** What is remembered, without asking any registry. */
  known(): UpdateStatus[] {
    return [...this.remembered.values()];
  }

  /**
   * The state of each tag asked for (all tags when none): remembered ones younger than
   * `maxAgeMinutes` as they are (unless `refresh`), the others asked of their registries now.
   */
  async check(options: UpdateCheckOptions = {}): Promise<UpdateStatus[]> {
    const settings = this.deps.settings();
    const all = updateTargets(this.deps.images());
    let targets = all;
    if (options.tags) {
      const wanted = new Set(options.tags.map(familiarOrSelf));
      targets = all.filter((t) => wanted.has(t.tag));
      for (const tag of wanted) {
        if (!targets.some((t) => t.tag === tag)) {
          throw new HangarError('NOT_FOUND', `No local image is tagged ${tag}.`);
        }
      }
    }
    const maxAge = settings.maxAgeMinutes * 60_000;
    const now = this.now();
    const fresh = (t: UpdateTarget) => {
      const r = this.remembered.get(t.tag);
      return (
        !options.refresh &&
        r !== undefined &&
        r.imageId === t.imageId &&
        r.localDigests.join() === t.localDigests.join() &&
        now - r.checkedAt < maxAge
      );
    };
    const logins = new Map<string, ReturnType<typeof resolveCredentials>>();
    const loginFor = (domain: string) => {
      let login = logins.get(domain);
      if (!login) {
        login = resolveCredentials(domain, this.deps.credentials);
        logins.set(domain, login);
      }
      return login;
    };
    const results = await mapLimit(targets, Math.max(1, settings.concurrency), async (t) => {
      if (fresh(t)) return this.remembered.get(t.tag) as UpdateStatus;
      const status = await this.checkOne(t, loginFor);
      this.remembered.set(t.tag, status);
      return status;
    });
    // Forget tags no image carries any more.
    const live = new Set(all.map((t) => t.tag));
    for (const tag of this.remembered.keys()) if (!live.has(tag)) this.remembered.delete(tag);
    return results;
  }

  private async checkOne(
    t: UpdateTarget,
    loginFor: (domain: string) => ReturnType<typeof resolveCredentials>,
  ): Promise<UpdateStatus> {
    if (t.localDigests.length === 0) {
      return {
        ...t,
        state: 'unknown',
        reason: 'no registry digest: the image was built or loaded here, not pulled or pushed',
        remoteDigest: null,
        remoteCreated: null,
        checkedAt: this.now(),
      };
    }
    const parsed = parseReference(t.tag);
    if (!parsed.ok) {
      return {
        ...t,
        state: 'unknown',
        reason: parsed.error,
        remoteDigest: null,
        remoteCreated: null,
        checkedAt: this.now(),
      };
    }
    const ref = parsed.ref;
    try {
      const login = await loginFor(ref.domain);
      const head = await this.head({
        registry: ref.domain,
        repository: ref.path,
        reference: ref.tag ?? 'latest',
        login,
      });
      const status = judgeUpdate(t, { head }, this.now());
      if (status.state !== 'updateAvailable' || !status.remoteDigest || isDockerHub(ref.domain)) {
        return status;
      }
      const remoteCreated = await this.created({
        registry: ref.domain,
        repository: ref.path,
        digest: status.remoteDigest,
        login,
      }).catch(() => null);
      return { ...status, remoteCreated };
    } catch (error) {
      return judgeUpdate(t, { error }, this.now());
    }
  }

  settings(): UpdateCheckSettings {
    return this.deps.settings();
  }

  /** Keeps the settings; the background check follows them at once. */
  saveSettings(settings: UpdateCheckSettings): UpdateCheckSettings {
    const saved = this.deps.saveSettings(settings);
    this.startBackground();
    return saved;
  }

  /** Checks every tag now and then every `maxAgeMinutes`, while `background` is on. */
  startBackground(): void {
    this.stopBackground();
    const settings = this.deps.settings();
    if (!this.deps.backgroundAllowed || !settings.background) return;
    const run = () => void this.check().catch(() => undefined);
    this.timer = setInterval(run, settings.maxAgeMinutes * 60_000);
    this.timer.unref();
    run();
  }

  stopBackground(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function familiarOrSelf(tag: string): string {
  const parsed = parseReference(tag);
  return parsed.ok ? parsed.ref.familiar : tag;
}
