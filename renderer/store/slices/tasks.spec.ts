import { describe, expect, it } from 'vitest';
import type { TaskInfo, TaskOf } from '../../../shared/tasks.js';
import { HangarError } from '../../../shared/errors.js';
import { deferred, FakeTransport, flush, makeTask } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import {
  listRunningTasks,
  listTasks,
  listTasksOfKind,
  newerTask,
  selectTask,
  selectTaskOfKind,
} from './tasks.js';

const task = (id: string, over: Partial<TaskInfo> = {}): TaskInfo =>
  makeTask('build', id, { title: `Build ${id}`, ...over } as Partial<TaskOf<'build'>>);

const done = (id: string, over: Partial<TaskInfo> = {}) =>
  task(id, { state: 'succeeded', endedAt: 2000, ...over });

function setup() {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null });
  return { transport, store };
}

describe('tasks slice', () => {
  it('reads tasks:list, then follows progress, done and failed events', async () => {
    const { transport, store } = setup();
    transport.handle('tasks:list', async () => [task('a')]);
    void store.getState().start('tasks');
    const stop = () => store.getState().stop('tasks');
    await flush();
    expect(Object.keys(store.getState().tasks)).toEqual(['a']);

    transport.emit(
      'task:progress',
      task('a', { progress: { percent: 40, message: 'Step 2/5', items: [] } }),
    );
    expect(store.getState().tasks.a?.progress.percent).toBe(40);
    transport.emit('task:failed', task('b', { state: 'failed', startedAt: 3000 }));
    transport.emit('task:done', done('a'));
    expect(store.getState().tasks.a?.state).toBe('succeeded');
    expect(store.getState().tasks.b?.state).toBe('failed');

    stop();
    expect(transport.listenerCount('task:progress')).toBe(0);
    expect(transport.listenerCount('task:done')).toBe(0);
    expect(transport.listenerCount('task:failed')).toBe(0);
  });

  it('never takes an ended task back to running (a HIT ends before its request returns)', async () => {
    const { transport, store } = setup();
    transport.handle('tasks:list', async () => []);
    void store.getState().start('tasks');
    transport.emit('task:done', done('a'));
    store.getState().trackTask(task('a')); // the request's own answer arrives last
    expect(store.getState().tasks.a?.state).toBe('succeeded');
  });

  it('keeps progress that came before the answer that started the task', () => {
    const { transport, store } = setup();
    transport.handle('tasks:list', async () => []);
    void store.getState().start('tasks');
    const hashing = { percent: null, message: 'Hashing the build context…', items: [] };
    transport.emit('task:progress', task('a', { progress: hashing }));
    store.getState().trackTask(task('a')); // "Starting…", sent before that event
    expect(store.getState().tasks.a?.progress.message).toBe('Hashing the build context…');
    store.getState().trackTask(done('a'));
    expect(store.getState().tasks.a?.state).toBe('succeeded');
  });

  it('lets a slow tasks:list answer neither undo an event nor lose a task', async () => {
    const { transport, store } = setup();
    const answer = deferred<TaskInfo[]>();
    transport.handle('tasks:list', () => answer.promise);
    void store.getState().start('tasks');
    transport.emit('task:done', done('a'));
    answer.resolve([task('a'), task('c')]);
    await flush();
    expect(store.getState().tasks.a?.state).toBe('succeeded');
    expect(store.getState().tasks.c?.state).toBe('running');
  });

  it('says why the list could not be read', async () => {
    const { transport, store } = setup();
    transport.handle('tasks:list', async () => {
      throw new HangarError('UNAUTHORIZED', 'The session has ended: open Hangar again.');
    });
    void store.getState().start('tasks');
    await flush();
    expect(store.getState().tasksError).toBe('The session has ended: open Hangar again.');
  });

  it('cancels a running task through tasks:cancel, and not an ended one', async () => {
    const { transport, store } = setup();
    transport.handle('tasks:cancel', async (id) =>
      task(id, { progress: { percent: null, message: 'Cancelling…', items: [] } }),
    );
    store.getState().trackTask(task('a'));
    store.getState().trackTask(done('b'));
    await store.getState().cancelTask('a');
    await store.getState().cancelTask('b');
    expect(transport.calls.filter((c) => c.channel === 'tasks:cancel')).toEqual([
      { channel: 'tasks:cancel', args: ['a'] },
    ]);
    expect(store.getState().tasks.a?.progress.message).toBe('Cancelling…');
  });

  it('forgets ended tasks on request, keeping running ones', () => {
    const { store } = setup();
    store.getState().trackTask(task('a'));
    store.getState().trackTask(done('b'));
    store.getState().clearEndedTasks();
    expect(Object.keys(store.getState().tasks)).toEqual(['a']);
  });

  it('opens the drawer on a task and closes it keeping the focus', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    store.getState().showTasks(true, 'a');
    expect(store.getState()).toMatchObject({ tasksDrawerOpen: true, tasksDrawerFocus: 'a' });
    store.getState().showTasks(false);
    expect(store.getState()).toMatchObject({ tasksDrawerOpen: false, tasksDrawerFocus: 'a' });
  });
});

describe('task selectors', () => {
  const state = {
    tasks: {
      a: task('a', { startedAt: 1 }),
      b: done('b', { startedAt: 3 }),
      c: task('c', { kind: 'push', startedAt: 2 } as Partial<TaskInfo>),
    },
  };

  it('lists newest first, by kind, and running ones', () => {
    expect(listTasks(state).map((t) => t.id)).toEqual(['b', 'c', 'a']);
    expect(listTasksOfKind(state, 'push').map((t) => t.id)).toEqual(['c']);
    expect(listRunningTasks(state).map((t) => t.id)).toEqual(['c', 'a']);
  });

  it('finds one by id, and by id and kind', () => {
    expect(selectTask('a')(state)?.id).toBe('a');
    expect(selectTask(null)(state)).toBeNull();
    expect(selectTask('zz')(state)).toBeNull();
    expect(selectTaskOfKind('build', 'a')(state)?.id).toBe('a');
    expect(selectTaskOfKind('push', 'a')(state)).toBeNull();
  });

  it('keeps the ended report of two', () => {
    expect(newerTask(done('a'), task('a')).state).toBe('succeeded');
    expect(newerTask(task('a'), done('a')).state).toBe('succeeded');
    expect(newerTask(undefined, task('a')).state).toBe('running');
  });
});
