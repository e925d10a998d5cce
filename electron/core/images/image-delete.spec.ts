import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { ImageIndex } from '../index/image-index.js';
import type { BaseImage } from '../index/normalize.js';
import { findImage, nameContainers } from './image-delete.js';

const hex = (c: string) => c.repeat(64);
const img = (id: string, over: Partial<BaseImage> = {}): BaseImage => ({
  id,
  repoTags: [],
  repoDigests: [],
  parentId: null,
  created: 1,
  size: 1,
  labels: {},
  ...over,
});

function index(): ImageIndex {
  const ix = new ImageIndex();
  ix.replaceAll(
    [
      img(`sha256:${hex('a')}`, { repoTags: ['ubuntu:latest', 'me/app:1'] }),
      img(`sha256:ab${hex('0').slice(2)}`, { repoDigests: [`reg:5000/x@sha256:${hex('d')}`] }),
      img(`sha256:${hex('c')}`, { repoTags: ['cccc:latest'] }),
      img(`sha256:ccccc${hex('e').slice(5)}`),
    ],
    [{ id: 'f'.repeat(64), name: 'web-1', imageId: `sha256:${hex('a')}`, state: 'running' }],
  );
  ix.commit();
  return ix;
}

describe('findImage', () => {
  const ix = index();

  it('finds by full id, with or without sha256:', () => {
    expect(findImage(ix, hex('a'))?.id).toBe(`sha256:${hex('a')}`);
    expect(findImage(ix, `sha256:${hex('a')}`)?.id).toBe(`sha256:${hex('a')}`);
  });

  it('finds by any spelling of a tag, and by digest reference', () => {
    for (const name of [
      'ubuntu',
      'ubuntu:latest',
      'docker.io/library/ubuntu',
      'library/ubuntu:latest',
    ]) {
      expect(findImage(ix, name)?.id, name).toBe(`sha256:${hex('a')}`);
    }
    expect(findImage(ix, 'docker.io/me/app:1')?.id).toBe(`sha256:${hex('a')}`);
    expect(findImage(ix, `reg:5000/x@sha256:${hex('d')}`)?.id).toBe(
      `sha256:ab${hex('0').slice(2)}`,
    );
  });

  it('tries a name before an id prefix, like the daemon, and refuses an ambiguous prefix', () => {
    expect(findImage(ix, 'cccc')?.id).toBe(`sha256:${hex('c')}`); // the tag cccc:latest
    expect(findImage(ix, 'ab00')?.id).toBe(`sha256:ab${hex('0').slice(2)}`);
    expect(() => findImage(ix, 'ccccc')).toThrow(HangarError);
    expect(() => findImage(ix, 'ccccc')).toThrow(/matches 2 images/);
    expect(findImage(ix, 'cccccc')?.id).toBe(`sha256:${hex('c')}`);
    expect(findImage(ix, 'nothing:here')).toBeUndefined();
    expect(findImage(ix, 'abcdef1234')).toBeUndefined();
  });
});

describe('nameContainers', () => {
  it('puts the container name next to the short id the daemon gives', () => {
    const image = index().get(`sha256:${hex('a')}`);
    expect(
      nameContainers(
        'conflict: unable to delete aaaaaaaaaaaa (cannot be forced) - image is being used by running container ffffffffffff',
        image,
      ),
    ).toBe(
      'conflict: unable to delete aaaaaaaaaaaa (cannot be forced) - image is being used by running container web-1 (ffffffffffff)',
    );
    expect(nameContainers('container 123456789abc is gone', image)).toBe(
      'container 123456789abc is gone',
    );
    expect(nameContainers('x', undefined)).toBe('x');
  });
});
