/**
 * What `hangar images` and `hangar events` print: the JSON shape of an image (a stable projection
 * of `ImageRecord`), a `docker images`-like table, and one human line per change.
 */
import type { ImageRecord, IndexDelta } from '../../shared/model.js';
import { shortId, splitReference } from '../../shared/reference-names.js';

/** The JSON form of an image: exactly these keys, in this order. */
export type ImageJson = Pick<
  ImageRecord,
  'id' | 'repoTags' | 'repoDigests' | 'parentId' | 'created' | 'size' | 'containers' | 'dangling'
>;

export function toImageJson(r: ImageRecord): ImageJson {
  return {
    id: r.id,
    repoTags: [...r.repoTags],
    repoDigests: [...r.repoDigests],
    parentId: r.parentId,
    created: r.created,
    size: r.size,
    containers: r.containers.map((c) => ({ id: c.id, name: c.name, state: c.state })),
    dangling: r.dangling,
  };
}

export interface DeltaJson {
  version: number;
  upserts: ImageJson[];
  removals: string[];
}

export function toDeltaJson(d: IndexDelta): DeltaJson {
  return { version: d.version, upserts: d.upserts.map(toImageJson), removals: [...d.removals] };
}

/** Which images `hangar images` lists, newest first like `docker images`. */
export function selectImages(
  images: readonly ImageRecord[],
  opts: { dangling: boolean; all: boolean },
): ImageRecord[] {
  return images
    .filter((r) => (opts.dangling ? r.dangling : opts.all || !r.intermediate))
    .sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
}

export { shortId };

/** Docker's `units.HumanSizeWithPrecision(size, 3)`: decimal units, three significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}

/** Docker's `units.HumanDuration`, with " ago". */
export function humanAge(createdSeconds: number, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000 - createdSeconds);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.round(seconds / 3600);
  let text: string;
  if (seconds < 1) text = 'Less than a second';
  else if (seconds === 1) text = '1 second';
  else if (seconds < 60) text = `${seconds} seconds`;
  else if (minutes === 1) text = 'About a minute';
  else if (minutes < 60) text = `${minutes} minutes`;
  else if (hours === 1) text = 'About an hour';
  else if (hours < 48) text = `${hours} hours`;
  else if (hours < 24 * 7 * 2) text = `${Math.floor(hours / 24)} days`;
  else if (hours < 24 * 30 * 2) text = `${Math.floor(hours / 24 / 7)} weeks`;
  else if (hours < 24 * 365 * 2) text = `${Math.floor(hours / 24 / 30)} months`;
  else text = `${Math.floor(seconds / 3600 / 24 / 365)} years`;
  return `${text} ago`;
}

function status(r: ImageRecord): string {
  const parts: string[] = [];
  if (r.containers.length > 0) parts.push(`in use (${r.containers.length})`);
  if (r.dangling) parts.push('dangling');
  if (r.intermediate) parts.push('intermediate');
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** The repository/tag pairs an image is listed under: one row per tag, like `docker images`. */
function names(r: ImageRecord): Array<[string, string]> {
  if (r.repoTags.length > 0) {
    return r.repoTags.map((ref) => {
      const { repository, tag } = splitReference(ref);
      return [repository, tag ?? '<none>'];
    });
  }
  const repos = [...new Set(r.repoDigests.map((d) => splitReference(d).repository))];
  return repos.length > 0 ? repos.map((repo) => [repo, '<none>']) : [['<none>', '<none>']];
}

/**
 * A table with columns three spaces apart (the last one not padded). Widths are found with a loop:
 * spreading every row into `Math.max` would overflow the stack past ~100,000 rows.
 */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? '').length);
    }
  }
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3)))
      .join('')
      .trimEnd();
  let text = `${line(header)}\n`;
  for (const row of rows) text += `${line(row)}\n`;
  return text;
}

export function imagesTable(images: readonly ImageRecord[], nowMs: number): string {
  const rows = images.flatMap((r) =>
    names(r).map(([repo, tag]) => [
      repo,
      tag,
      shortId(r.id),
      humanAge(r.created, nowMs),
      humanSize(r.size),
      status(r),
    ]),
  );
  return formatTable(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'STATUS'], rows);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Human lines for a delta, judged against what was known before it: tags added and removed, new
 * and removed images, containers starting or stopping to use an image.
 */
export function describeDelta(
  known: ReadonlyMap<string, ImageRecord>,
  delta: IndexDelta,
): string[] {
  const lines: string[] = [];
  for (const next of delta.upserts) {
    const prev = known.get(next.id);
    if (prev === undefined) {
      if (next.repoTags.length === 0) lines.push(`+ image ${next.id}`);
      for (const tag of next.repoTags) lines.push(`+ tag ${tag} ${next.id}`);
      continue;
    }
    const before = lines.length;
    for (const tag of next.repoTags) {
      if (!prev.repoTags.includes(tag)) lines.push(`+ tag ${tag} ${next.id}`);
    }
    for (const tag of prev.repoTags) {
      if (!next.repoTags.includes(tag)) lines.push(`- untag ${tag} ${next.id}`);
    }
    const users = (r: ImageRecord) => r.containers.map((c) => `${c.id}:${c.state}`).join(',');
    if (users(prev) !== users(next)) {
      lines.push(`~ used by ${plural(next.containers.length, 'container')} ${next.id}`);
    }
    if (lines.length === before) lines.push(`~ updated ${next.id}`);
  }
  for (const id of delta.removals) {
    const tags = known.get(id)?.repoTags ?? [];
    lines.push(`- removed ${id}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`);
  }
  return lines;
}

/** Applies a delta to the map of known images, in place. */
export function applyDelta(known: Map<string, ImageRecord>, delta: IndexDelta): void {
  for (const r of delta.upserts) known.set(r.id, r);
  for (const id of delta.removals) known.delete(id);
}
