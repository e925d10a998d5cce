/** The words the header and banners use for the engine and the index. Pure functions. */
import type { EngineKind, EngineStatus } from '../../shared/model.js';
import { formatClock } from './format.js';

type Reachable = Extract<EngineStatus, { state: 'reachable' }>;

const KIND_LABELS: Record<EngineKind, string> = {
  docker: 'Docker',
  podman: 'Podman',
  unknown: 'Engine',
};

export function engineName(kind: EngineKind): string {
  return KIND_LABELS[kind];
}

/** `Docker 20.10.24 · API 1.41 · unix:///var/run/docker.sock`. */
export function engineChipText(status: Reachable): string {
  return `${engineName(status.kind)} ${status.version} · API ${status.apiVersion} · ${status.endpoint.host}`;
}

/** `Retrying in 8 s`, `Retrying now…`, or null when no retry is scheduled. */
export function retryText(retryAt: number | null, nowMs: number): string | null {
  if (retryAt === null) return null;
  const seconds = Math.ceil((retryAt - nowMs) / 1000);
  return seconds > 0 ? `Retrying in ${seconds} s` : 'Retrying now…';
}

/** The stale-index notice, with the local time the stream went down. */
export function staleText(staleSince: number): string {
  return `Index stale since ${formatClock(staleSince)} — the event stream is down; showing the last known state.`;
}
