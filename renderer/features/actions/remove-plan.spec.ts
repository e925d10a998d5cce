import { describe, expect, it } from 'vitest';
import type { RemoveOutcome } from '../../../shared/actions.js';
import type { ImageRecord } from '../../../shared/model.js';
import { imageId, makeImage } from '../../testing/fake-transport.js';
import { groupRemoveOutcomes, planRemove, removeSummary } from './remove-plan.js';

const mapOf = (...images: ImageRecord[]) => new Map(images.map((i) => [i.id, i]));
const container = (name: string, state: string) => ({ id: `${name}-id`, name, state });

describe('planRemove', () => {
  it('removes a plain image with its tags', () => {
    const a = makeImage('a', { repoTags: ['app:1', 'app:latest'] });
    const [item] = planRemove([a.id], mapOf(a), false);
    expect(item).toMatchObject({ verdict: 'removes', name: 'app:1' });
    expect(item?.note).toBe('Removed with app:1, app:latest.');
  });

  it('refuses an image stopped containers use unless forced, and says what force does', () => {
    const a = makeImage('a', { containers: [container('web-1', 'exited')] });
    const [refused] = planRemove([a.id], mapOf(a), false);
    expect(refused?.verdict).toBe('needs-force');
    expect(refused?.note).toContain('used by stopped container web-1');
    const [forced] = planRemove([a.id], mapOf(a), true);
    expect(forced?.verdict).toBe('removes');
    expect(forced?.note).toContain('cannot be re-created from it');
  });

  it('keeps an image a running container uses, even with force', () => {
    const a = makeImage('a', {
      containers: [container('web-1', 'running'), container('web-2', 'paused')],
    });
    const [item] = planRemove([a.id], mapOf(a), true);
    expect(item?.verdict).toBe('blocked');
    expect(item?.note).toBe(
      'Stays: containers web-1, web-2 are running (stop them first; force does not help).',
    );
  });

  it('needs force for an image tagged in several repositories', () => {
    const a = makeImage('a', { repoTags: ['app:1', 'localhost:5000/app:1'] });
    expect(planRemove([a.id], mapOf(a), false)[0]?.verdict).toBe('needs-force');
    expect(planRemove([a.id], mapOf(a), true)[0]?.verdict).toBe('removes');
  });

  it('orders children before parents, and a child going frees its parent', () => {
    const base = makeImage('base', { repoTags: [] });
    const mid = makeImage('mid', { repoTags: ['mid:1'], parentId: base.id });
    const top = makeImage('top', { repoTags: ['top:1'], parentId: mid.id });
    const plan = planRemove([base.id, mid.id, top.id], mapOf(base, mid, top), false);
    expect(plan.map((p) => p.id)).toEqual([top.id, mid.id, base.id]);
    expect(plan.every((p) => p.verdict === 'removes')).toBe(true);
  });

  it('blocks a parent whose child stays', () => {
    const base = makeImage('base', { repoTags: ['base:1'] });
    const child = makeImage('child', { repoTags: ['child:1'], parentId: base.id });
    const [item] = planRemove([base.id], mapOf(base, child), true);
    expect(item?.verdict).toBe('blocked');
    expect(item?.note).toBe('Stays: child:1 builds on it (remove that image first).');
  });

  it('leaves out ids the index no longer has', () => {
    const a = makeImage('a');
    expect(planRemove([imageId('gone'), a.id], mapOf(a), false).map((p) => p.id)).toEqual([a.id]);
  });
});

describe('groupRemoveOutcomes', () => {
  const outcomes: RemoveOutcome[] = [
    { input: 'a', ok: true, id: 'sha256:a', untagged: ['a:1'], deleted: ['sha256:a'] },
    {
      input: 'b',
      ok: false,
      id: 'sha256:b',
      error: { code: 'CONFLICT_IN_USE', message: 'Image b:1 is used by container web-1.' },
    },
    { input: 'c', ok: false, id: null, error: { code: 'NOT_FOUND', message: 'No image c.' } },
  ];

  it('sorts outcomes into removed, refused as in use, and failed', () => {
    const groups = groupRemoveOutcomes(outcomes);
    expect(groups.removed.map((r) => r.input)).toEqual(['a']);
    expect(groups.inUse).toEqual([
      { input: 'b', id: 'sha256:b', message: 'Image b:1 is used by container web-1.' },
    ]);
    expect(groups.failed).toEqual([{ input: 'c', id: null, message: 'No image c.' }]);
    expect(removeSummary(groups)).toBe('1 removed, 1 refused (in use), 1 failed');
  });

  it('summarises an all-good removal plainly', () => {
    expect(removeSummary(groupRemoveOutcomes(outcomes.slice(0, 1)))).toBe('1 removed');
    expect(removeSummary(groupRemoveOutcomes([]))).toBe('0 removed');
  });
});
