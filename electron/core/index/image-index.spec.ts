import { describe, expect, it } from 'vitest';
import { ImageIndex } from './image-index.js';
import { fromInspect, fromListEntry, type BaseImage } from './normalize.js';

const id = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

function img(n: number, over: Partial<BaseImage> = {}): BaseImage {
  return {
    id: id(n),
    repoTags: [],
    repoDigests: [],
    parentId: null,
    created: 1_700_000_000 + n,
    size: n * 100,
    labels: {},
    ...over,
  };
}

describe('normalize', () => {
  it('maps every "no references" spelling to an empty list', () => {
    const base = { Id: id(1), Created: 1, Size: 2 };
    for (const RepoTags of [null, [], ['<none>:<none>']]) {
      const r = fromListEntry({ ...base, RepoTags, RepoDigests: ['<none>@<none>'], ParentId: '' });
      expect(r.repoTags).toEqual([]);
      expect(r.repoDigests).toEqual([]);
      expect(r.parentId).toBeNull();
      expect(r.labels).toEqual({});
    }
  });

  it('reads inspect output into the same shape as a list entry', () => {
    const r = fromInspect({
      Id: id(2),
      Parent: id(1),
      RepoTags: ['b:1', 'a:1'],
      RepoDigests: null,
      Created: '2026-11-23T10:00:00.123456789Z',
      Size: 6,
      Config: { Labels: { k: 'v' } },
    });
    expect(r).toEqual({
      id: id(2),
      repoTags: ['a:1', 'b:1'],
      repoDigests: [],
      parentId: id(1),
      created: Date.parse('2026-11-23T10:00:00Z') / 1000,
      size: 6,
      labels: { k: 'v' },
    });
  });

  it('adds sha256: to bare hex ids (Podman)', () => {
    expect(fromListEntry({ Id: 'a'.repeat(64), Created: 0, Size: 0 }).id).toBe(
      `sha256:${'a'.repeat(64)}`,
    );
  });
});

describe('ImageIndex', () => {
  it('derives dangling and intermediate from tags and children', () => {
    const ix = new ImageIndex();
    ix.replaceAll(
      [
        img(1), // parent of 2: intermediate
        img(2, { parentId: id(1), repoTags: ['app:v1'] }),
        img(3), // no tags, no children: dangling
        img(4, { repoDigests: ['repo@sha256:abc'] }), // digest-only: dangling
        img(5), // parent of 6, which is untagged too
        img(6, { parentId: id(5) }),
      ],
      [],
    );
    const delta = ix.commit();
    expect(delta?.version).toBe(1);
    expect(delta?.upserts).toHaveLength(6);
    expect(
      ix
        .dangling()
        .map((r) => r.id)
        .sort(),
    ).toEqual([id(3), id(4), id(6)]);
    expect(ix.get(id(1))?.intermediate).toBe(true);
    expect(ix.get(id(5))?.intermediate).toBe(true);
    expect(ix.get(id(2))?.dangling).toBe(false);
    expect(ix.byTag('app:v1')?.id).toBe(id(2));
    expect(ix.byDigest('repo@sha256:abc')?.id).toBe(id(4));
    expect(ix.childrenOf(id(1)).map((r) => r.id)).toEqual([id(2)]);
  });

  it('finds a name whichever form the engine lists it in (Podman: docker.io/…)', () => {
    const ix = new ImageIndex();
    ix.replaceAll(
      [
        img(1, { repoTags: ['docker.io/library/redis:7', 'localhost/seed/a:1'] }),
        img(2, {
          repoTags: ['me/app:1'],
          repoDigests: [`docker.io/me/app@sha256:${'b'.repeat(64)}`],
        }),
      ],
      [],
    );
    ix.commit();
    expect(ix.byTag('redis:7')?.id).toBe(id(1));
    expect(ix.byTag('docker.io/library/redis:7')?.id).toBe(id(1));
    expect(ix.byTag('localhost/seed/a:1')?.id).toBe(id(1));
    expect(ix.byTag('seed/a:1')).toBeUndefined();
    expect(ix.byTag('docker.io/me/app:1')?.id).toBe(id(2));
    expect(ix.byDigest(`me/app@sha256:${'b'.repeat(64)}`)?.id).toBe(id(2));
    expect(ix.idOfTag('redis:7')).toBe(id(1));
    ix.putImage(img(1, { repoTags: ['localhost/seed/a:1'] }));
    expect(ix.idOfTag('redis:7')).toBeUndefined();
    // The records keep the names as the engine lists them.
    ix.commit();
    expect(ix.get(id(2))?.repoDigests).toEqual([`docker.io/me/app@sha256:${'b'.repeat(64)}`]);
  });

  it('turns a parent dangling when its last child goes', () => {
    const ix = new ImageIndex();
    ix.replaceAll([img(1), img(2, { parentId: id(1), repoTags: ['a:1'] })], []);
    ix.commit();
    ix.dropImage(id(2));
    const delta = ix.commit();
    expect(delta?.removals).toEqual([id(2)]);
    expect(delta?.upserts.map((r) => [r.id, r.dangling, r.intermediate])).toEqual([
      [id(1), true, false],
    ]);
    expect(ix.byTag('a:1')).toBeUndefined();
  });

  it('links containers to images and reports the in-use set', () => {
    const ix = new ImageIndex();
    ix.replaceAll(
      [img(1, { repoTags: ['a:1'] }), img(2)],
      [{ id: 'c1', name: 'web-1', imageId: id(2), state: 'exited' }],
    );
    ix.commit();
    expect(ix.inUse().map((r) => r.id)).toEqual([id(2)]);
    expect(ix.get(id(2))?.containers).toEqual([{ id: 'c1', name: 'web-1', state: 'exited' }]);
    expect(ix.totals()).toMatchObject({ images: 2, inUse: 1, dangling: 1, danglingSize: 0 });

    ix.putContainer({ id: 'c1', name: 'web-1', imageId: id(2), state: 'running' });
    expect(ix.commit()?.upserts.map((r) => r.containers[0]?.state)).toEqual(['running']);

    ix.dropContainer('c1');
    const d = ix.commit();
    expect(d?.upserts.map((r) => r.id)).toEqual([id(2)]);
    expect(ix.inUse()).toEqual([]);
    expect(ix.totals().danglingSize).toBe(200);
  });

  it('emits nothing when a change is not visible, and numbers deltas without gaps', () => {
    const ix = new ImageIndex();
    ix.replaceAll([img(1, { repoTags: ['a:1'] })], []);
    expect(ix.commit()?.version).toBe(1);
    ix.putImage(img(1, { repoTags: ['a:1'] }));
    expect(ix.commit()).toBeNull();
    ix.replaceAll([img(1, { repoTags: ['a:1'] })], []);
    expect(ix.commit()).toBeNull();
    ix.putImage(img(1, { repoTags: ['a:1', 'a:2'] }));
    expect(ix.commit()?.version).toBe(2);
    expect(ix.version).toBe(2);
  });

  it('reconciles a full listing as a difference, not a reset', () => {
    const ix = new ImageIndex();
    ix.replaceAll([img(1, { repoTags: ['a:1'] }), img(2, { repoTags: ['b:1'] })], []);
    ix.commit();
    ix.replaceAll([img(2, { repoTags: ['b:1'] }), img(3, { repoTags: ['c:1'] })], []);
    const d = ix.commit();
    expect(d?.removals).toEqual([id(1)]);
    expect(d?.upserts.map((r) => r.id)).toEqual([id(3)]);
  });

  it('keeps a moved tag on its new holder whatever order updates arrive in', () => {
    const ix = new ImageIndex();
    ix.replaceAll([img(1, { repoTags: ['app:latest'] })], []);
    ix.commit();
    // The tag moved to image 2 (e.g. by a pull); image 1 is re-inspected afterwards.
    ix.putImage(img(2, { repoTags: ['app:latest'] }));
    expect(ix.idOfTag('app:latest')).toBe(id(2));
    ix.putImage(img(1));
    ix.commit();
    expect(ix.byTag('app:latest')?.id).toBe(id(2));
    expect(ix.get(id(1))?.dangling).toBe(true);
  });

  it('lists parents it has not seen yet', () => {
    const ix = new ImageIndex();
    ix.putImage(img(2, { parentId: id(1), repoTags: ['a:1'] }));
    expect(ix.missingParents()).toEqual([id(1)]);
    ix.putImage(img(1));
    expect(ix.missingParents()).toEqual([]);
  });
});
