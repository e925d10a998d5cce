/**
 * The part of BuildKit's `api/services/control/control.proto` (moby/buildkit, Apache-2.0) that
 * Hangar uses: a build's trace (`StatusResponse` and the messages it holds) and the build cache's
 * `DiskUsage` call, with their field numbers as BuildKit defines them. Fields Hangar does not read (a warning's source info and ranges, a
 * vertex's progress group) are left out; the decoder skips them, and anything a newer engine adds,
 * as unknown fields. `Timestamp` is `google.protobuf.Timestamp` declared here by its wire shape,
 * so the text parses on its own without imports.
 */
import protobuf from 'protobufjs';

const CONTROL_PROTO = `
syntax = "proto3";
package moby.buildkit.v1;

message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}

message StatusResponse {
  repeated Vertex vertexes = 1;
  repeated VertexStatus statuses = 2;
  repeated VertexLog logs = 3;
  repeated VertexWarning warnings = 4;
}

message Vertex {
  string digest = 1;
  repeated string inputs = 2;
  string name = 3;
  bool cached = 4;
  Timestamp started = 5;
  Timestamp completed = 6;
  string error = 7;
}

message VertexStatus {
  string ID = 1;
  string vertex = 2;
  string name = 3;
  int64 current = 4;
  int64 total = 5;
  Timestamp timestamp = 6;
  Timestamp started = 7;
  Timestamp completed = 8;
}

message VertexLog {
  string vertex = 1;
  Timestamp timestamp = 2;
  int64 stream = 3;
  bytes msg = 4;
}

message VertexWarning {
  string vertex = 1;
  int64 level = 2;
  bytes short = 3;
  repeated bytes detail = 4;
  string url = 5;
}

message DiskUsageRequest {
  repeated string filter = 1;
}

message DiskUsageResponse {
  repeated UsageRecord record = 1;
}

message UsageRecord {
  string ID = 1;
  bool Mutable = 2;
  bool InUse = 3;
  int64 Size = 4;
  string Parent = 5;
  Timestamp CreatedAt = 6;
  Timestamp LastUsedAt = 7;
  int64 UsageCount = 8;
  string Description = 9;
  string RecordType = 10;
  bool Shared = 11;
  repeated string Parents = 12;
}
`;

/** The messages above, parsed once, field names as BuildKit spells them. */
export const CONTROL_TYPES = protobuf.parse(CONTROL_PROTO, { keepCase: true }).root;

/** A `Timestamp` as protobufjs hands it over (`longs: Number`). */
export interface RawTimestamp {
  seconds?: number;
  nanos?: number;
}

/** Epoch milliseconds of a timestamp; null when absent. */
export function timestampMs(t: RawTimestamp | null | undefined): number | null {
  if (!t) return null;
  return (t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}
