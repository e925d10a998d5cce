/**
 * The build cache records straight from the daemon's BuildKit: `POST /grpc` upgraded to h2c (as
 * buildx's docker driver dials it), then one unary call to `moby.buildkit.v1.Control/DiskUsage`.
 * `/system/df` answers the same records (the daemon makes them with this very call), but first
 * works out the size of every image, container and volume, which takes longer the more images
 * there are (0.5 s at 5,000), and computes one disk usage at a time. An engine this cannot reach
 * (SSH, TLS, one that refuses the upgrade or the call) is read through `/system/df` instead.
 */
import http2 from 'node:http2';
import { H2cUnavailableError, upgradeToH2c } from '../engine/h2c.js';
import { CONTROL_TYPES, type RawTimestamp, timestampMs } from '../builds/control-proto.js';
import { frameMessage, readMessages } from '../builds/session/grpc-h2.js';

const DiskUsageRequest = CONTROL_TYPES.lookupType('moby.buildkit.v1.DiskUsageRequest');
const DiskUsageResponse = CONTROL_TYPES.lookupType('moby.buildkit.v1.DiskUsageResponse');

const DISK_USAGE = '/moby.buildkit.v1.Control/DiskUsage';

/** How long the call may take once the connection is up. */
const CALL_TIMEOUT_MS = 60_000;

/** One record as BuildKit sends it; times are Unix milliseconds (null: never). */
export interface BuildKitUsageRecord {
  ID: string;
  InUse: boolean;
  Size: number;
  Parent: string;
  Parents: string[];
  CreatedAt: number | null;
  LastUsedAt: number | null;
  UsageCount: number;
  Description: string;
  RecordType: string;
  Shared: boolean;
}

/** Epoch milliseconds, null for none (Go's zero time included). */
function millis(t: RawTimestamp | null | undefined): number | null {
  const ms = timestampMs(t);
  return ms !== null && ms > 0 ? ms : null;
}

/** The call failed after the connection was up: BuildKit's status and words. */
export class BuildKitCallError extends Error {}

/** Reads every build cache record through BuildKit's control API on `modem`'s engine. */
export async function buildKitUsage(modem: unknown): Promise<BuildKitUsageRecord[]> {
  const socket = await upgradeToH2c(modem, '/grpc', {});
  const session = http2.connect('http://buildkit', { createConnection: () => socket as never });
  const failed = new Promise<never>((_, reject) => {
    session.on('error', (err) => reject(new H2cUnavailableError(err.message)));
  });
  failed.catch(() => undefined);
  const timer = setTimeout(
    () => session.destroy(new Error(`BuildKit did not answer DiskUsage in ${CALL_TIMEOUT_MS} ms`)),
    CALL_TIMEOUT_MS,
  );
  try {
    const stream = session.request({
      ':method': 'POST',
      ':path': DISK_USAGE,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status: string | null = null;
    let message = '';
    const note = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
      if (headers['grpc-message'] !== undefined) message = String(headers['grpc-message']);
    };
    stream.on('response', note);
    stream.on('trailers', note);
    stream.end(frameMessage(DiskUsageRequest.encode(DiskUsageRequest.create({})).finish()));
    const read = (async () => {
      const messages: Uint8Array[] = [];
      for await (const m of readMessages(stream as AsyncIterable<Buffer>)) messages.push(m);
      return messages;
    })();
    const messages = await Promise.race([read, failed]);
    if (status !== '0') {
      throw new BuildKitCallError(
        `BuildKit answered DiskUsage with status ${status ?? 'none'}${message ? `: ${decodeURIComponent(message)}` : ''}`,
      );
    }
    const [first] = messages;
    if (!first) throw new BuildKitCallError('BuildKit answered DiskUsage with no message');
    const answer = DiskUsageResponse.toObject(DiskUsageResponse.decode(first), {
      longs: Number,
      defaults: true,
      arrays: true,
    }) as {
      record: (Omit<BuildKitUsageRecord, 'CreatedAt' | 'LastUsedAt'> & {
        CreatedAt?: RawTimestamp;
        LastUsedAt?: RawTimestamp;
      })[];
    };
    return answer.record.map((r) => ({
      ...r,
      CreatedAt: millis(r.CreatedAt),
      LastUsedAt: millis(r.LastUsedAt),
    }));
  } finally {
    clearTimeout(timer);
    session.close();
    socket.destroy();
  }
}
