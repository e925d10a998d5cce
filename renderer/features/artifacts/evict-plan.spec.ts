import { describe, expect, it } from 'vitest';
import { planEviction } from './evict-plan.js';
import { makeEntry } from '../../testing/artifact-entries.js';

const key = (k: string) => k.padEnd(64, '0');

describe('planEviction', () => {
  it('drops the entry and keeps the image unless asked to remove it', () => {
    const e = makeEntry('3f2a');
    const plan = planEviction(e, [e], false);
    expect(plan.entry).toBe(
      'Drops the cache entry 3f2a00000000 of app: the next build of these inputs is a MISS and builds again.',
    );
    expect(plan).toMatchObject({ fate: 'keep', canRemoveImage: true });
    expect(plan.image).toBe('The image abababababab (12.3 MB) stays on the engine with its tags.');
  });

  it('removes an image that only its cache tag holds', () => {
    const e = makeEntry('3f2a', { tags: [`app:${key('3f2a')}`] });
    const plan = planEviction(e, [e], true);
    expect(plan.fate).toBe('remove');
    expect(plan.image).toBe(
      'The image abababababab (12.3 MB) and its tag app:3f2a00000000… are removed from the engine.',
    );
  });

  it('never removes an image a container uses', () => {
    const e = makeEntry('3f2a', { inUseBy: ['web-1', 'web-2'] });
    const plan = planEviction(e, [e], true);
    expect(plan.fate).toBe('keep');
    expect(plan.image).toBe(
      'The image abababababab stays: containers web-1 and web-2 use it, and Hangar never removes an image a container uses.',
    );
  });

  it('keeps an image another entry points to', () => {
    const e = makeEntry('3f2a');
    const other = makeEntry('77aa', { artifact: 'app-debug' });
    const plan = planEviction(e, [e, other], true);
    expect(plan.fate).toBe('keep');
    expect(plan.image).toMatch(/stays: entry 77aa00000000 \(app-debug\) also points to it/);
  });

  it('names the other tags, which go only when a Hangar build put them there', () => {
    const e = makeEntry('3f2a', { tags: [`app:${key('3f2a')}`, 'app:latest'] });
    const plan = planEviction(e, [e], true);
    expect(plan.fate).toBe('depends');
    expect(plan.image).toBe(
      'Hangar untags app:3f2a00000000…, and app:latest if a Hangar build put it there; the image abababababab (12.3 MB) is removed once no tag is left. A tag another tool added keeps the image.',
    );
  });

  it('keeps an image skaffold’s entry shares with tags Hangar did not put there', () => {
    const e = makeEntry('aaaa', { source: 'skaffold', tags: ['app:dev'] });
    const plan = planEviction(e, [e], true);
    expect(plan.entry).toMatch(
      /^Forgets skaffold’s entry aaaa00000000 \(app\); skaffold’s own cache file/,
    );
    expect(plan.fate).toBe('keep');
    expect(plan.image).toBe(
      'The image abababababab stays: it is tagged app:dev, which Hangar did not put there.',
    );
  });

  it('has no image to touch when it is gone or the engine is unreachable', () => {
    const gone = makeEntry('3f2a', { state: 'missing' });
    expect(planEviction(gone, [gone], true)).toMatchObject({
      fate: 'none',
      canRemoveImage: false,
      image: 'Its image is already gone from the engine: nothing else changes.',
    });
    const unknown = makeEntry('3f2a', { state: 'unknown' });
    expect(planEviction(unknown, [unknown], true).image).toMatch(/cannot be reached/);
    const none = makeEntry('3f2a', { imageId: null });
    expect(planEviction(none, [none], true).fate).toBe('none');
  });

  it('says that pinning does not protect from an eviction by hand', () => {
    const e = makeEntry('3f2a', { pinned: true });
    expect(planEviction(e, [e], false).entry).toMatch(
      /It is pinned, which only protects it from the policy\.$/,
    );
  });
});
