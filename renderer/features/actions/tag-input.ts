/**
 * A tag typed in the details panel, checked as it is typed with the distribution reference grammar
 * (`shared/reference.ts`; the core checks again): what it normalises to, and whether it is new,
 * already this image's, or held by another image (tagging moves it). Pure functions, no DOM.
 */
import type { ImageRecord } from '../../../shared/model.js';
import { parseTagTarget } from '../../../shared/reference.js';
import { familiarRef, splitReference } from '../../../shared/reference-names.js';

export type TagCheck =
  | { state: 'empty' }
  | { state: 'invalid'; error: string }
  | {
      state: 'ok';
      /** How docker lists it: `ubuntu:latest`, `localhost:5000/app:v1`. */
      familiar: string;
      /** Fully qualified: `docker.io/library/ubuntu:latest`. */
      full: string;
      /** The registry it would push to: `docker.io`, `localhost:5000`. */
      registry: string;
      /** The image already has this tag. */
      own: boolean;
      /** Another image holds this tag now: tagging moves it here. */
      movesFrom: ImageRecord | null;
    };

/** Finds the image holding a familiar `repo:tag`, if any. */
export type TagOwner = (familiar: string) => ImageRecord | undefined;

/**
 * A lookup of familiar tags over the index (build it once per index, not per keystroke). Podman
 * lists Docker Hub names in full (`docker.io/library/app:1`): they are keyed familiar too.
 */
export function tagOwnerOf(images: Iterable<ImageRecord>): TagOwner {
  const byTag = new Map<string, ImageRecord>();
  for (const image of images) for (const tag of image.repoTags) byTag.set(familiarRef(tag), image);
  return (familiar) => byTag.get(familiar);
}

export function checkTag(input: string, imageId: string, owner: TagOwner): TagCheck {
  const text = input.trim();
  if (text === '') return { state: 'empty' };
  const parsed = parseTagTarget(text);
  if (!parsed.ok) return { state: 'invalid', error: capitalise(parsed.error) };
  const { ref } = parsed;
  const holder = owner(ref.familiar);
  return {
    state: 'ok',
    familiar: ref.familiar,
    full: ref.full,
    registry: ref.domain,
    own: holder?.id === imageId,
    movesFrom: holder && holder.id !== imageId ? holder : null,
  };
}

/** What a push of `input` will do: push a tag the image has, or tag it first then push. */
export type PushPlan =
  | { state: 'empty' }
  | { state: 'invalid'; error: string }
  | {
      state: 'ok';
      /** The familiar `repo:tag` to push. */
      ref: string;
      full: string;
      registry: string;
      /** The image needs this tag first (it moves from `movesFrom` if another image has it). */
      tagFirst: boolean;
      movesFrom: ImageRecord | null;
    };

export function planPush(input: string, imageId: string, owner: TagOwner): PushPlan {
  const check = checkTag(input, imageId, owner);
  if (check.state !== 'ok') return check;
  return {
    state: 'ok',
    ref: check.familiar,
    full: check.full,
    registry: check.registry,
    tagFirst: !check.own,
    movesFrom: check.movesFrom,
  };
}

/** The tag after a rename: keeps its repository when only a new tag is typed (`:v2`). */
export function renameTarget(oldTag: string, input: string): string {
  const text = input.trim();
  if (!text.startsWith(':')) return text;
  return `${splitReference(oldTag).repository}${text}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
