/**
 * Folds the lines of a push stream (`POST /images/{name}/push`, always HTTP 200; a pull's
 * `POST /images/create` stream has the same shape) into per-layer
 * progress, the final digest, and the error the daemon reported inside the stream, if any. A
 * layer's `current` can exceed its `total` in the daemon's progress, so it is clamped.
 */
import type { TaskItemProgress } from '../../../shared/tasks.js';

export interface PushLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** A layer's last status, pushing or pulling (the two streams share their format). */
const DONE = /^(Pushed|Layer already exists|Mounted from .*|Already exists|Pull complete)$/;

interface Layer {
  id: string;
  status: string;
  current: number;
  total: number | null;
  done: boolean;
}

export class PushProgress {
  private readonly layers = new Map<string, Layer>();
  private buffer = '';
  /** The daemon's error message from inside the stream, or null. */
  error: string | null = null;
  aux: { tag: string | null; digest: string; size: number | null } | null = null;
  /** A pull's `Digest: sha256:…` line: the manifest digest pulled. */
  pulledDigest: string | null = null;
  /** A pull's `Status: Image is up to date for …` line: the engine had the image already. */
  upToDate = false;
  /** The last status line that names no layer (`The push refers to repository […]`). */
  message = 'Preparing';

  /** Feeds raw stream bytes; lines can be split across chunks or several in one. */
  push(chunk: Buffer | string): void {
    this.buffer += chunk.toString();
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const text of lines) this.feedText(text);
  }

  /** Feeds what is left at the end of the stream. */
  end(): void {
    this.feedText(this.buffer);
    this.buffer = '';
  }

  private feedText(text: string): void {
    if (!text.trim()) return;
    let line: PushLine;
    try {
      line = JSON.parse(text) as PushLine;
    } catch {
      return; // a non-JSON line is noise, never a crash
    }
    this.feed(line);
  }

  feed(line: PushLine): void {
    const err = line.errorDetail?.message ?? line.error;
    if (err) {
      this.error = err;
      return;
    }
    if (line.aux?.Digest) {
      this.aux = {
        tag: line.aux.Tag ?? null,
        digest: line.aux.Digest,
        size: line.aux.Size ?? null,
      };
      return;
    }
    // A pull's first line names the tag in `id` (`Pulling from team/app`): not a layer.
    const digest = /^Digest: (sha256:[a-f0-9]{64})$/.exec(line.status ?? '');
    if (digest) this.pulledDigest = digest[1] ?? null;
    if (line.status?.startsWith('Status: Image is up to date')) this.upToDate = true;
    if (!line.id || line.status === undefined || line.status.startsWith('Pulling from ')) {
      if (line.status) this.message = line.id ? `${line.id}: ${line.status}` : line.status;
      return;
    }
    const prev = this.layers.get(line.id);
    const total = line.progressDetail?.total ?? prev?.total ?? null;
    const done = DONE.test(line.status);
    let current = line.progressDetail?.current ?? prev?.current ?? 0;
    if (done && total !== null) current = total;
    if (total !== null) current = Math.min(current, total);
    this.layers.set(line.id, {
      id: line.id,
      status: line.status,
      current,
      total,
      done: done || (prev?.done ?? false),
    });
  }

  items(): TaskItemProgress[] {
    return [...this.layers.values()].map((l) => ({
      id: l.id,
      label: `layer ${l.id}`,
      status: l.status,
      current: l.current,
      total: l.total,
    }));
  }

  get layerCount(): number {
    return this.layers.size;
  }

  /** Average completion of the layers seen so far, 0–100; null before any layer. */
  percent(): number | null {
    if (this.layers.size === 0) return null;
    let sum = 0;
    for (const l of this.layers.values()) {
      if (l.done) sum += 1;
      else if (l.total !== null && l.total > 0) sum += Math.min(1, l.current / l.total);
    }
    return Math.floor((sum / this.layers.size) * 100);
  }
}

/**
 * The daemon's words for refused credentials. A bare `401` is not one of them: it turns up inside
 * port numbers and digests ("dial tcp 127.0.0.1:40123: connection refused"), and a registry's 401
 * comes with "unauthorized" anyway.
 */
const AUTH_WORDS = /unauthorized|authentication required|no basic auth credentials|denied/i;

/** The error code for a push failure the daemon reported in the stream. */
export function pushErrorCode(message: string): 'AUTH_FAILED' | 'REGISTRY_ERROR' {
  return AUTH_WORDS.test(message) ? 'AUTH_FAILED' : 'REGISTRY_ERROR';
}
