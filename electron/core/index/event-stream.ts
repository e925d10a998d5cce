/**
 * Reads the daemon's `/events` stream: newline-delimited JSON whose chunks may hold several events
 * or half of one. A line that is not valid JSON, or not an event, is counted and skipped: it must
 * never take the index down.
 */
import type { EngineKind } from '../../../shared/model.js';

export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano?: number;
}

/** Splits a byte stream into lines and parses each as an event. */
export class EventLineParser {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  malformed = 0;

  /** Feeds one chunk; returns the complete events it finished. */
  push(chunk: Uint8Array | string): DockerEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: DockerEvent[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line.length > 0) {
        const event = parseEvent(line);
        if (event) events.push(event);
        else this.malformed++;
      }
      newline = this.buffer.indexOf('\n');
    }
    // A daemon never sends a megabyte without a newline; drop garbage rather than grow forever.
    if (this.buffer.length > 1 << 20) {
      this.buffer = '';
      this.malformed++;
    }
    return events;
  }
}

export function parseEvent(line: string): DockerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const actor = v.Actor as Record<string, unknown> | undefined;
  if (typeof v.Type !== 'string' || typeof v.Action !== 'string' || !actor) return null;
  if (typeof actor.ID !== 'string') return null;
  const attrs: Record<string, string> = {};
  if (actor.Attributes && typeof actor.Attributes === 'object') {
    for (const [k, val] of Object.entries(actor.Attributes as Record<string, unknown>)) {
      if (typeof val === 'string') attrs[k] = val;
    }
  }
  const event: DockerEvent = {
    Type: v.Type,
    Action: v.Action,
    Actor: { ID: actor.ID, Attributes: attrs },
  };
  if (typeof v.timeNano === 'number') event.timeNano = v.timeNano;
  return event;
}

/** What an event asks the index to look at again. */
export type Touch =
  | { kind: 'image'; ref: string }
  | { kind: 'imageGone'; id: string }
  | { kind: 'container'; id: string }
  | { kind: 'containerGone'; id: string }
  | { kind: 'reload' };

/** Container actions that do not change anything the index holds. */
const QUIET_CONTAINER_ACTIONS =
  /^(exec_|attach|resize|top|export|copy|archive-path|extract-to-dir|health_status)/;

/**
 * Maps an event to the targeted update it needs: re-inspect the one image or container it
 * touches. Events name images inconsistently (`push`/`pull` give `repo:tag`, others an id), so
 * the ref is passed through and inspected as given. `engine` picks the dialect: Podman's image
 * events differ from Docker's (see `podmanImageTouches`).
 */
export function touchesOf(event: DockerEvent, engine: EngineKind = 'docker'): Touch[] {
  const { Type, Action, Actor } = event;
  if (Type === 'image' && engine === 'podman') return podmanImageTouches(event);
  if (Type === 'image') {
    switch (Action) {
      case 'delete':
        return [{ kind: 'imageGone', id: Actor.ID }];
      case 'prune':
        // Each pruned image has its own delete event; the summary changes nothing by itself.
        return [];
      case 'save':
        return [];
      case 'tag':
      case 'untag':
      case 'load':
      case 'import':
      case 'pull':
      case 'push':
      case 'create':
        return Actor.ID ? [{ kind: 'image', ref: Actor.ID }] : [];
      default:
        return Actor.ID ? [{ kind: 'image', ref: Actor.ID }] : [];
    }
  }
  if (Type === 'container') {
    if (Action === 'destroy') return [{ kind: 'containerGone', id: Actor.ID }];
    if (QUIET_CONTAINER_ACTIONS.test(Action)) return [];
    const touches: Touch[] = [{ kind: 'container', id: Actor.ID }];
    // A commit makes an image; untagged commits send no image event on older APIs.
    const imageId = Actor.Attributes.imageID;
    if (Action === 'commit' && imageId) touches.push({ kind: 'image', ref: imageId });
    return touches;
  }
  return [];
}

/** Podman image actions that change nothing the index holds. */
const PODMAN_QUIET_IMAGE_ACTIONS = new Set(['prune', 'save', 'push', 'mount', 'unmount']);

/**
 * Podman 4's image events, as its Docker-compatible `/events` passes them on:
 * - `delete` also follows an `untag` that leaves the image other names (`podman rmi a:1` on an
 *   image also tagged `b:1` sends `untag` then `delete`, and the image stays), so a delete is
 *   checked by inspecting the id: gone only when the engine says so.
 * - `pull` has no id, only the name asked for (sent also when `podman create` finds the image
 *   locally): the name is inspected.
 * - `loadfromarchive` has no id and names the archive's path, not the images it loaded: only a
 *   full reload finds them; so does any other event that names no image.
 */
function podmanImageTouches({ Action, Actor }: DockerEvent): Touch[] {
  if (PODMAN_QUIET_IMAGE_ACTIONS.has(Action)) return [];
  if (Actor.ID) return [{ kind: 'image', ref: Actor.ID }];
  const name = Actor.Attributes.name;
  if (Action === 'pull') return name ? [{ kind: 'image', ref: name }] : [];
  return [{ kind: 'reload' }];
}
