/**
 * A gRPC server on one HTTP/2 connection that the other side opened as the client (BuildKit's
 * session: the daemon calls the services the build's client serves), and the message framing that
 * Hangar's calls to BuildKit use too. Only what the session needs:
 * unary and streaming calls with uncompressed messages, each framed as a compressed flag, a
 * big-endian length and the protobuf bytes; metadata as the request's headers, repeated keys kept
 * apart (read from the raw headers, which Node would otherwise join with `, `). A method without a
 * handler answers UNIMPLEMENTED; a handler that throws ends its call with UNKNOWN and the message.
 */
import http2, { type ServerHttp2Stream } from 'node:http2';
import type { Duplex } from 'node:stream';

export interface GrpcCall {
  /** `/package.Service/Method`. */
  method: string;
  /** Every value of each metadata key, lower-case keys. */
  metadata: ReadonlyMap<string, readonly string[]>;
  /** The messages the caller sends, in order, until it half-closes. */
  messages(): AsyncGenerator<Uint8Array>;
  /** Sends one message; resolves once the stream can take more. */
  send(message: Uint8Array): Promise<void>;
}

export type GrpcHandler = (call: GrpcCall) => Promise<void>;

const GRPC_OK = '0';
const GRPC_UNKNOWN = '2';
const GRPC_UNIMPLEMENTED = '12';

/** One gRPC message frame. */
export function frameMessage(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(5 + message.byteLength);
  frame.writeUInt8(0, 0);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

/**
 * Splits a byte stream into gRPC messages; throws on a compressed one (none is negotiated). The
 * chunks of a message are joined once it is whole, so a large message costs one copy.
 */
export async function* readMessages(chunks: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  let pending: Buffer = Buffer.alloc(0);
  /** Chunks held until the message they belong to is whole, and the length it needs. */
  const held: Buffer[] = [];
  let heldBytes = 0;
  let need = 0;
  for await (const chunk of chunks) {
    if (need > 0) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (pending.length + heldBytes < need) continue;
      pending = Buffer.concat([pending, ...held]);
      held.length = 0;
      heldBytes = 0;
      need = 0;
    } else {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    }
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) {
        need = 5 + length;
        break;
      }
      if (pending.readUInt8(0) !== 0) throw new Error('a compressed gRPC message was sent');
      yield pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
    }
  }
  if (pending.length + heldBytes > 0) throw new Error('the gRPC stream ended inside a message');
}

function metadataOf(rawHeaders: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = (rawHeaders[i] ?? '').toLowerCase();
    if (key.startsWith(':')) continue;
    const list = out.get(key) ?? [];
    list.push(rawHeaders[i + 1] ?? '');
    out.set(key, list);
  }
  return out;
}

function send(stream: ServerHttp2Stream, message: Uint8Array): Promise<void> {
  if (stream.destroyed) return Promise.reject(new Error('the gRPC call was closed'));
  if (stream.write(frameMessage(message))) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      if (stream.destroyed) reject(new Error('the gRPC call was closed'));
      else resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function finish(stream: ServerHttp2Stream, status: string, message?: string): void {
  if (stream.destroyed || stream.closed) return;
  stream.once('wantTrailers', () => {
    const trailers: Record<string, string> = { 'grpc-status': status };
    if (message) trailers['grpc-message'] = encodeURIComponent(message);
    stream.sendTrailers(trailers);
  });
  stream.end();
}

function onStream(
  stream: ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  rawHeaders: string[],
  handlers: ReadonlyMap<string, GrpcHandler>,
  onError: (err: Error) => void,
): void {
  stream.on('error', () => undefined); // a reset stream ends its handler through `send`/`messages`
  const method = String(headers[':path'] ?? '');
  const handler = handlers.get(method);
  if (!handler) {
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': GRPC_UNIMPLEMENTED },
      { endStream: true },
    );
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  const call: GrpcCall = {
    method,
    metadata: metadataOf(rawHeaders),
    // Leaving the loop early must not reset the stream: the answer may still be on its way.
    messages: () =>
      readMessages(stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>),
    send: (message) => send(stream, message),
  };
  handler(call).then(
    () => finish(stream, GRPC_OK),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      onError(e);
      finish(stream, GRPC_UNKNOWN, e.message);
    },
  );
}

export interface GrpcConnection {
  /** Resolves when the connection closes. */
  closed: Promise<void>;
  close(): void;
}

/**
 * Serves `handlers` (keyed by `/package.Service/Method`) on `socket`, an HTTP/2 connection whose
 * client is the other side. `onError` hears each handler's failure.
 */
export function serveGrpc(
  socket: Duplex,
  handlers: ReadonlyMap<string, GrpcHandler>,
  onError: (err: Error) => void,
): GrpcConnection {
  const server = http2.createServer();
  let session: http2.ServerHttp2Session | null = null;
  const closed = new Promise<void>((resolve) => {
    server.on('session', (s: http2.ServerHttp2Session) => {
      session = s;
      s.on('close', () => resolve());
      s.on('error', () => undefined); // the close that follows is what callers wait for
    });
    socket.on('close', () => resolve());
  });
  server.on('stream', (stream, headers, _flags, rawHeaders: string[]) =>
    onStream(stream, headers, rawHeaders, handlers, onError),
  );
  server.emit('connection', socket);
  return {
    closed,
    close: () => {
      if (session && !session.closed) session.close();
      socket.destroy();
    },
  };
}
