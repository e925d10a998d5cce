import { describe, expect, it } from 'vitest';
import type { TaskInfo, TaskItemProgress } from '../../../shared/tasks.js';
import {
  isLayerDone,
  itemFraction,
  layerLine,
  layerSummary,
  pruneCounts,
  pruneLine,
  pullLayerItems,
  pullLayerWords,
  runningCount,
  stateWords,
  taskDuration,
  taskFraction,
} from './task-progress.js';

const item = (
  id: string,
  status: string,
  current: number,
  total: number | null,
): TaskItemProgress => ({ id, label: id, status, current, total });

function task(over: Partial<TaskInfo> = {}): TaskInfo {
  return {
    id: 't',
    kind: 'push',
    title: 'Push app:1',
    target: 'app:1',
    state: 'running',
    progress: { percent: null, message: 'Pushing', items: [] },
    startedAt: 1_000,
    endedAt: null,
    error: null,
    result: null,
    ...over,
  } as TaskInfo;
}

describe('taskFraction', () => {
  it('takes the task’s own percent when it has one', () => {
    expect(taskFraction(task({ progress: { percent: 45, message: '', items: [] } }))).toBe(0.45);
    expect(taskFraction(task({ progress: { percent: 180, message: '', items: [] } }))).toBe(1);
  });

  it('adds up the items’ bytes when it has none, and clamps overshoot', () => {
    const items = [
      item('a', 'Pushing', 50, 100),
      item('b', 'Pushing', 500, 300),
      item('c', 'Waiting', 0, null),
    ];
    // a: 50/100, b: clamped 300/300 → 350/400.
    expect(taskFraction(task({ progress: { percent: null, message: '', items } }))).toBe(0.875);
  });

  it('is unknown without percent or sizes, and full once succeeded', () => {
    expect(taskFraction(task())).toBeNull();
    expect(taskFraction(task({ state: 'succeeded' }))).toBe(1);
  });
});

describe('items', () => {
  it('gives each item its bar, unknown without a total', () => {
    expect(itemFraction(item('a', 'Pushing', 30, 120))).toBe(0.25);
    expect(itemFraction(item('a', 'Pushing', 30, null))).toBeNull();
    expect(itemFraction(item('a', 'Pushing', 30, 0))).toBeNull();
  });

  it('sums a push’s layers', () => {
    const items = [
      item('a', 'Pushed', 100, 100),
      item('b', 'Layer already exists', 0, null),
      item('c', 'Pushing', 2_000_000, 8_000_000),
      item('d', 'Mounted from library/base', 0, null),
    ];
    const summary = layerSummary(items);
    expect(summary).toEqual({
      layers: 4,
      done: 3,
      existing: 2,
      current: 2_000_100,
      total: 8_000_100,
    });
    expect(layerLine(summary)).toBe('3 of 4 layers · 2 MB of 8 MB · 2 already there');
    expect(layerLine(layerSummary([]))).toBe('');
  });

  it('sums a pull’s layers: pulled, already on the engine, still downloading', () => {
    const items = [
      item('a', 'Pull complete', 500, 500),
      item('b', 'Already exists', 0, null),
      item('c', 'Downloading', 1_000_000, 4_000_000),
      item('d', 'Download complete', 0, null),
    ];
    expect(items.map((i) => isLayerDone(i.status))).toEqual([true, true, false, false]);
    expect(layerLine(layerSummary(items))).toBe('2 of 4 layers · 1 MB of 4 MB · 1 already there');
  });

  it('leaves the tag line out of a pull’s layers, and says what came down', () => {
    const tagLine = item('6e70ba5711d4', 'Pulling from team/cache', 0, null);
    const done = item('a', 'Pull complete', 500, 500);
    const there = item('b', 'Already exists', 0, null);
    expect(pullLayerItems([tagLine, done, there])).toEqual([done, there]);
    expect(pullLayerWords([tagLine, done])).toBe('1 layer downloaded');
    expect(pullLayerWords([tagLine, done, there, item('c', 'Pull complete', 1, 1)])).toBe(
      '2 layers downloaded, 1 already on the engine',
    );
    expect(pullLayerWords([tagLine, there])).toBe('every layer already on the engine');
    expect(pullLayerWords([tagLine])).toBe('no layer reported');
  });

  it('counts a prune’s images by outcome', () => {
    const items = [
      item('a', 'deleted', 1, 1),
      item('b', 'deleted', 1, 1),
      item('c', 'skipped: used by container web-1', 1, 1),
      item('d', 'failed: boom', 1, 1),
      item('e', 'deleting', 0, 1),
      item('f', 'waiting', 0, 1),
    ];
    const counts = pruneCounts(items);
    expect(counts).toEqual({
      waiting: 1,
      deleting: 1,
      deleted: 2,
      skipped: 1,
      untagged: 0,
      failed: 1,
    });
    expect(pruneLine(counts)).toBe('2 deleted · 1 skipped · 1 failed · 2 to go');
  });
});

describe('task words', () => {
  it('names the state, with the percent while running', () => {
    expect(stateWords(task({ progress: { percent: 45.7, message: '', items: [] } }))).toBe(
      'Running · 45%',
    );
    expect(stateWords(task())).toBe('Running');
    expect(stateWords(task({ state: 'failed' }))).toBe('Failed');
    expect(stateWords(task({ state: 'cancelled' }))).toBe('Cancelled');
  });

  it('counts running tasks and says how long one ran', () => {
    expect(runningCount([task(), task({ state: 'succeeded' }), task()])).toBe(2);
    expect(taskDuration(task({ endedAt: 126_000 }), 0)).toBe('2 min 5 s');
    expect(taskDuration(task(), 4_400)).toBe('3 s');
  });
});
