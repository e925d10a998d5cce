/**
 * The messages of fsutil's `types/wire.proto` and `types/stat.proto` (tonistiigi/fsutil, MIT) that
 * BuildKit's `moby.filesync.v1.FileSync/DiffCopy` stream carries, with their field numbers as fsutil
 * defines them, and gRPC health's `HealthCheckResponse`. `Stat.mode` is Go's `os.FileMode` (type
 * bits high, permission bits low) and `modTime` is Unix nanoseconds.
 */
import protobuf from 'protobufjs';

export const FSUTIL_PROTO = `
syntax = "proto3";
package fsutil.types;

message Stat {
  string path = 1;
  uint32 mode = 2;
  uint32 uid = 3;
  uint32 gid = 4;
  int64 size = 5;
  int64 modTime = 6;
  string linkname = 7;
  int64 devmajor = 8;
  int64 devminor = 9;
  map<string, bytes> xattrs = 10;
}

message Packet {
  enum PacketType {
    PACKET_STAT = 0;
    PACKET_REQ = 1;
    PACKET_DATA = 2;
    PACKET_FIN = 3;
    PACKET_ERR = 4;
  }
  PacketType type = 1;
  Stat stat = 2;
  uint32 ID = 3;
  bytes data = 4;
}

message HealthCheckResponse {
  int32 status = 1;
}
`;

export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

/** Go's `os.FileMode` type bits that a context entry can have. */
export const GoMode = {
  dir: 0x80000000,
  symlink: 0x08000000,
  setuid: 0x00800000,
  setgid: 0x00400000,
  sticky: 0x00100000,
} as const;

export interface StatMessage {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Unix nanoseconds as a decimal string (past 2^53). */
  modTime: string;
  linkname: string;
}

export interface PacketMessage {
  type: number;
  stat?: StatMessage | null;
  ID?: number;
  data?: Uint8Array;
}

const root = protobuf.parse(FSUTIL_PROTO, { keepCase: true }).root;
const packetType = root.lookupType('fsutil.types.Packet');
const healthType = root.lookupType('fsutil.types.HealthCheckResponse');

export function encodePacket(p: PacketMessage): Uint8Array {
  return packetType.encode(packetType.fromObject(p)).finish();
}

export function decodePacket(bytes: Uint8Array): PacketMessage {
  const m = packetType.toObject(packetType.decode(bytes), { longs: Number, defaults: true });
  return m as PacketMessage;
}

/** `HealthCheckResponse{status: SERVING}`. */
export function servingHealth(): Uint8Array {
  return healthType.encode(healthType.fromObject({ status: 1 })).finish();
}
