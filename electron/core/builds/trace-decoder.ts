/**
 * Decodes one BuildKit trace (the base64 `aux` of a `moby.buildkit.trace` line of `POST /build`'s
 * stream) into a `StatusResponse`, with protobufjs reading the vendored `control.proto` subset.
 * Unknown fields are skipped, so a newer engine's additions do not break the decoder. Timestamps
 * become epoch milliseconds; absent ones are null.
 */
import { CONTROL_TYPES, type RawTimestamp, timestampMs } from './control-proto.js';

export interface TraceVertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started: number | null;
  completed: number | null;
  error: string;
}

export interface TraceStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp: number | null;
  started: number | null;
  completed: number | null;
}

export interface TraceLog {
  vertex: string;
  timestamp: number | null;
  /** 1 stdout, 2 stderr. */
  stream: number;
  msg: Uint8Array;
}

export interface TraceWarning {
  vertex: string;
  level: number;
  short: string;
  detail: string[];
  url: string;
}

export interface StatusResponse {
  vertexes: TraceVertex[];
  statuses: TraceStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

const statusType = CONTROL_TYPES.lookupType('moby.buildkit.v1.StatusResponse');

const text = new TextDecoder();

interface RawStatus {
  vertexes?: (Omit<TraceVertex, 'started' | 'completed'> & {
    started?: RawTimestamp;
    completed?: RawTimestamp;
  })[];
  statuses?: (Omit<TraceStatus, 'id' | 'timestamp' | 'started' | 'completed'> & {
    ID: string;
    timestamp?: RawTimestamp;
    started?: RawTimestamp;
    completed?: RawTimestamp;
  })[];
  logs?: (Omit<TraceLog, 'timestamp'> & { timestamp?: RawTimestamp })[];
  warnings?: (Omit<TraceWarning, 'short' | 'detail'> & {
    short: Uint8Array;
    detail?: Uint8Array[];
  })[];
}

/** Decodes the protobuf bytes of one trace. Throws on bytes that are not a StatusResponse. */
export function decodeStatus(bytes: Uint8Array): StatusResponse {
  const raw = statusType.toObject(statusType.decode(bytes), {
    longs: Number,
    defaults: true,
    arrays: true,
  }) as RawStatus;
  return {
    vertexes: (raw.vertexes ?? []).map((v) => ({
      digest: v.digest,
      inputs: v.inputs,
      name: v.name,
      cached: v.cached,
      started: timestampMs(v.started),
      completed: timestampMs(v.completed),
      error: v.error,
    })),
    statuses: (raw.statuses ?? []).map((s) => ({
      id: s.ID,
      vertex: s.vertex,
      name: s.name,
      current: s.current,
      total: s.total,
      timestamp: timestampMs(s.timestamp),
      started: timestampMs(s.started),
      completed: timestampMs(s.completed),
    })),
    logs: (raw.logs ?? []).map((l) => ({
      vertex: l.vertex,
      timestamp: timestampMs(l.timestamp),
      stream: l.stream,
      msg: l.msg,
    })),
    warnings: (raw.warnings ?? []).map((w) => ({
      vertex: w.vertex,
      level: w.level,
      short: text.decode(w.short),
      detail: (w.detail ?? []).map((d) => text.decode(d)),
      url: w.url,
    })),
  };
}

/** Decodes the base64 `aux` of a `moby.buildkit.trace` line. */
export function decodeTrace(aux: string): StatusResponse {
  return decodeStatus(Buffer.from(aux, 'base64'));
}
