import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { loadSummary, saveNames } from './transfer.js';

describe('save and load in words', () => {
  it('saves every tag of each image once, and an untagged image by its id', () => {
    const a = makeImage('a', { repoTags: ['app:1', 'app:latest'] });
    const b = makeImage('b', { repoTags: ['app:1'] });
    const bare = makeImage('bare', { repoTags: [] });
    expect(saveNames([a, b, bare])).toEqual(['app:1', 'app:latest', bare.id]);
  });

  it('says what a load brought, or that it brought nothing', () => {
    expect(loadSummary({ tags: ['app:1', 'app:2'], ids: [], bytes: 10 })).toBe(
      'Loaded 2 tags: app:1, app:2.',
    );
    expect(loadSummary({ tags: ['app:1'], ids: ['sha256:ab'], bytes: 10 })).toBe(
      'Loaded 1 tag: app:1; 1 untagged image: sha256:ab.',
    );
    expect(loadSummary({ tags: [], ids: [], bytes: 10 })).toBe('The archive held no image.');
  });
});
