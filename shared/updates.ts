/**
 * Whether a tag here is the tag of today: the digest its registry holds now (a `HEAD` of the
 * manifest) against the repo digests the image was pulled or pushed with. A multi-platform tag's
 * digest is its index's, and so is the repo digest a pull of it records: like is compared with like.
 */

export type UpdateState = 'upToDate' | 'updateAvailable' | 'unknown';

export interface UpdateStatus {
  /** Familiar `repo:tag`. */
  tag: string;
  imageId: string;
  state: UpdateState;
  /** Why the state is `unknown`, in words (no registry digest, registry unreachable, login needed). */
  reason: string | null;
  /** The image's digests in this tag's repository (`sha256:…`). */
  localDigests: string[];
  /** What the registry holds under the tag now, when it answered. */
  remoteDigest: string | null;
  /**
   * When the registry's image under the tag was created (its config's `created`, ISO 8601): read
   * only for an update available, outside Docker Hub (where the manifest read would count as a
   * pull); null when not read or not learnt.
   */
  remoteCreated: string | null;
  /** Unix ms. */
  checkedAt: number;
}

export interface UpdateCheckSettings {
  /** How long a check is remembered before it is made again, in minutes. */
  maxAgeMinutes: number;
  /** Check in the background (in the app, not the CLI), every `maxAgeMinutes`. */
  background: boolean;
  /** Registry requests in flight at once. */
  concurrency: number;
}

export const DEFAULT_UPDATE_CHECK_SETTINGS: UpdateCheckSettings = {
  maxAgeMinutes: 360,
  background: false,
  concurrency: 8,
};

export interface UpdateCheckOptions {
  /** Only these tags (familiar or full); all tagged images when absent. */
  tags?: string[];
  /** Ask the registries again even when a remembered check is young enough. */
  refresh?: boolean;
}
