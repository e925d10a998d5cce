import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../shared/model.js';
import {
  applyDelta,
  describeDelta,
  formatTable,
  humanAge,
  humanSize,
  imagesTable,
  selectImages,
  toDeltaJson,
  toImageJson,
} from './format.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const HOUR = 3600;

function image(id: string, over: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id: `sha256:${id.padEnd(64, '0')}`,
    repoTags: [],
    repoDigests: [],
    parentId: null,
    created: NOW / 1000 - 3 * HOUR,
    size: 7_050_000,
    labels: { a: 'b' },
    containers: [],
    dangling: false,
    intermediate: false,
    ...over,
  };
}

const tagged = image('aaa', {
  repoTags: ['nginx:latest', 'localhost:5000/team/nginx:1.27'],
  repoDigests: ['nginx@sha256:feed'],
  containers: [{ id: 'c1', name: 'web', state: 'running' }],
  created: NOW / 1000 - 2 * 24 * HOUR,
});
const dangling = image('bbb', { dangling: true, size: 512 });
const digestOnly = image('ccc', { dangling: true, repoDigests: ['redis@sha256:beef'] });
const intermediate = image('ddd', { intermediate: true, created: NOW / 1000 - 10 });

describe('toImageJson', () => {
  it('projects exactly the documented keys, containers as {id, name, state}', () => {
    const json = toImageJson({
      ...tagged,
      containers: [{ id: 'c1', name: 'web', state: 'running', extra: 1 } as never],
    });
    expect(Object.keys(json)).toEqual([
      'id',
      'repoTags',
      'repoDigests',
      'parentId',
      'created',
      'size',
      'containers',
      'dangling',
    ]);
    expect(json.containers).toEqual([{ id: 'c1', name: 'web', state: 'running' }]);
    expect(json).not.toHaveProperty('labels');
    expect(json).not.toHaveProperty('intermediate');
  });

  it('shapes deltas the same way', () => {
    expect(toDeltaJson({ version: 3, upserts: [dangling], removals: ['sha256:x'] })).toEqual({
      version: 3,
      upserts: [toImageJson(dangling)],
      removals: ['sha256:x'],
    });
  });
});

describe('selectImages', () => {
  const all = [dangling, tagged, intermediate, digestOnly];

  it('hides intermediate layers unless --all, newest first', () => {
    expect(selectImages(all, { dangling: false, all: false }).map((r) => r.id)).toEqual([
      dangling.id,
      digestOnly.id,
      tagged.id,
    ]);
    expect(selectImages(all, { dangling: false, all: true })[0]?.id).toBe(intermediate.id);
  });

  it('lists only dangling images with --dangling', () => {
    expect(selectImages(all, { dangling: true, all: false }).map((r) => r.id)).toEqual([
      dangling.id,
      digestOnly.id,
    ]);
  });
});

describe('humanSize and humanAge (as docker prints them)', () => {
  it('uses decimal units with three significant digits', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(1000)).toBe('1kB');
    expect(humanSize(7_050_000)).toBe('7.05MB');
    expect(humanSize(133_456_789)).toBe('133MB');
    expect(humanSize(1_234_567_890)).toBe('1.23GB');
  });

  it('says how long ago in docker words', () => {
    const ago = (s: number) => humanAge(NOW / 1000 - s, NOW);
    expect(ago(0)).toBe('Less than a second ago');
    expect(ago(1)).toBe('1 second ago');
    expect(ago(45)).toBe('45 seconds ago');
    expect(ago(90)).toBe('About a minute ago');
    expect(ago(30 * 60)).toBe('30 minutes ago');
    expect(ago(HOUR)).toBe('About an hour ago');
    expect(ago(5 * HOUR)).toBe('5 hours ago');
    expect(ago(3 * 24 * HOUR)).toBe('3 days ago');
    expect(ago(21 * 24 * HOUR)).toBe('3 weeks ago');
    expect(ago(90 * 24 * HOUR)).toBe('3 months ago');
    expect(ago(3 * 365 * 24 * HOUR)).toBe('3 years ago');
  });
});

describe('imagesTable', () => {
  it('prints one row per tag, <none> rows for untagged images, aligned columns', () => {
    const text = imagesTable([tagged, dangling, digestOnly], NOW);
    expect(text.split('\n')).toEqual([
      'REPOSITORY                  TAG      IMAGE ID       CREATED       SIZE     STATUS',
      'nginx                       latest   aaa000000000   2 days ago    7.05MB   in use (1)',
      'localhost:5000/team/nginx   1.27     aaa000000000   2 days ago    7.05MB   in use (1)',
      '<none>                      <none>   bbb000000000   3 hours ago   512B     dangling',
      'redis                       <none>   ccc000000000   3 hours ago   7.05MB   dangling',
      '',
    ]);
  });

  it('prints just the header when there is nothing', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A   B\n');
  });

  it('lays out 300,000 rows (more than a call can take as arguments)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [String(i), 'x']);
    const text = formatTable(['N', 'X'], rows);
    const lines = text.split('\n');
    expect(lines).toHaveLength(300_002);
    expect(lines[0]).toBe('N        X');
    expect(lines[300_000]).toBe('299999   x');
  });
});

describe('describeDelta', () => {
  const known = new Map([tagged, dangling].map((r) => [r.id, r]));

  it('names new images and their tags', () => {
    const fresh = image('eee', { repoTags: ['app:v1'] });
    expect(
      describeDelta(known, { version: 2, upserts: [fresh, digestOnly], removals: [] }),
    ).toEqual([`+ tag app:v1 ${fresh.id}`, `+ image ${digestOnly.id}`]);
  });

  it('names tags added and removed, and container changes, on known images', () => {
    const retagged = {
      ...tagged,
      repoTags: ['nginx:latest', 'nginx:stable'],
      containers: [],
    };
    expect(describeDelta(known, { version: 2, upserts: [retagged], removals: [] })).toEqual([
      `+ tag nginx:stable ${tagged.id}`,
      `- untag localhost:5000/team/nginx:1.27 ${tagged.id}`,
      `~ used by 0 containers ${tagged.id}`,
    ]);
    const same = { ...dangling, labels: { changed: 'yes' } };
    expect(describeDelta(known, { version: 2, upserts: [same], removals: [] })).toEqual([
      `~ updated ${dangling.id}`,
    ]);
  });

  it('names removals with the tags they had', () => {
    expect(
      describeDelta(known, { version: 2, upserts: [], removals: [tagged.id, 'sha256:unknown'] }),
    ).toEqual([
      `- removed ${tagged.id} (nginx:latest, localhost:5000/team/nginx:1.27)`,
      '- removed sha256:unknown',
    ]);
  });

  it('applyDelta keeps the known map current', () => {
    const map = new Map(known);
    applyDelta(map, { version: 2, upserts: [digestOnly], removals: [tagged.id] });
    expect([...map.keys()].sort()).toEqual([dangling.id, digestOnly.id].sort());
  });
});
