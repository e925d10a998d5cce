/**
 * The engines a test body runs against (`describe.each(SHARED_ENGINES)`), and how each lists the
 * names a test gave it: Docker lists a short name as given; Podman qualifies it, with `localhost/`
 * when it was loaded or built under that name and `docker.io/` when it was tagged through the
 * Docker-compatible API.
 */
import type { EngineHandle, EngineKind } from '../harness/engine-handle.js';
import { sharedDaemon, sharedPodman } from '../harness/shared.js';

export interface SharedEngine {
  kind: EngineKind;
  /** The engine the harness's global setup started for the whole run. */
  shared(): EngineHandle;
}

export const SHARED_ENGINES: SharedEngine[] = [
  { kind: 'docker', shared: sharedDaemon },
  { kind: 'podman', shared: sharedPodman },
];

/** Whether a name's first component is a registry host (as the reference grammar decides). */
function qualified(name: string): boolean {
  const first = name.split('/')[0] ?? '';
  return name.includes('/') && (first === 'localhost' || /[.:]/.test(first));
}

/** How `kind` lists `name` (`repo:tag`) after loading or building an image under it. */
export function loadedName(kind: EngineKind, name: string): string {
  return kind === 'podman' && !qualified(name) ? `localhost/${name}` : name;
}

/** How `kind` lists `name` (`repo:tag`) after tagging through the Docker-compatible API. */
export function taggedName(kind: EngineKind, name: string): string {
  if (kind !== 'podman' || qualified(name)) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}
