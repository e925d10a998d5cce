import { describe, expect, it } from 'vitest';
import { TaskManager, type TaskEventName } from './task-manager.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { HangarError } from '../../../shared/errors.js';

function recorder(tm: TaskManager) {
  const events: Array<[TaskEventName, TaskInfo]> = [];
  tm.onEvent((e, t) => events.push([e, t]));
  return events;
}

describe('TaskManager', () => {
  it('returns at once, reports progress, and ends with the result', async () => {
    const tm = new TaskManager({ throttleMs: 0 });
    const events = recorder(tm);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const info = tm.run('noop', 'Noop', 'x', async (ctx) => {
      ctx.progress({ percent: 50, message: 'half' });
      await gate;
      return { ok: true };
    });
    expect(info.state).toBe('running');
    expect(tm.get(info.id).progress).toMatchObject({ percent: 50, message: 'half' });
    release();
    const done = await tm.wait(info.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { ok: true }, error: null });
    expect(done.progress.percent).toBe(100);
    expect(events.map(([e]) => e)).toEqual(['task:progress', 'task:progress', 'task:done']);
  });

  it('reports a failure with its code and keeps the message', async () => {
    const tm = new TaskManager();
    const events = recorder(tm);
    const info = tm.run('noop', 'Noop', 'x', async () => {
      throw new HangarError('AUTH_FAILED', 'The registry 127.0.0.1:5000 refused the credentials.');
    });
    const done = await tm.wait(info.id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({
      code: 'AUTH_FAILED',
      message: 'The registry 127.0.0.1:5000 refused the credentials.',
    });
    expect(events.at(-1)?.[0]).toBe('task:failed');
  });

  it('cancels through the signal, between steps', async () => {
    const tm = new TaskManager();
    const steps: number[] = [];
    const info = tm.run('noop', 'Noop', 'x', async (ctx) => {
      for (let i = 0; i < 100; i++) {
        ctx.throwIfCancelled();
        steps.push(i);
        await new Promise((r) => setTimeout(r, 2));
      }
      return { ok: true };
    });
    await new Promise((r) => setTimeout(r, 15));
    tm.cancel(info.id);
    const done = await tm.wait(info.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThan(100);
  });

  it('reports the partial result of a cancelled task', async () => {
    const tm = new TaskManager();
    const info = tm.run('noop', 'Noop', 'x', async (ctx) => {
      const partial = { ok: true } as const;
      ctx.keepPartial(partial);
      await new Promise((r) => setTimeout(r, 50));
      ctx.throwIfCancelled();
      return partial;
    });
    tm.cancel(info.id);
    const done = await tm.wait(info.id);
    expect(done).toMatchObject({ state: 'cancelled', result: { ok: true } });
  });

  it('throttles progress events but always sends the last one', async () => {
    let t = 0;
    const tm = new TaskManager({ throttleMs: 100, now: () => t });
    const events = recorder(tm);
    const info = tm.run('noop', 'Noop', 'x', async (ctx) => {
      for (let i = 1; i <= 50; i++) ctx.progress({ percent: i });
      t = 150;
      await new Promise((r) => setTimeout(r, 120));
      return { ok: true };
    });
    await tm.wait(info.id);
    const progress = events.filter(([e]) => e === 'task:progress');
    expect(progress.length).toBeLessThan(5);
  });

  it('says which task does not exist, and keeps only the newest finished tasks', async () => {
    const tm = new TaskManager({ keepFinished: 2 });
    expect(() => tm.get('nope')).toThrow(/No task nope/);
    await expect(tm.wait('nope')).rejects.toThrow(/No task/);
    for (let i = 0; i < 4; i++)
      await tm.wait(tm.run('noop', 'n', String(i), async () => ({ ok: true })).id);
    expect(
      tm
        .list()
        .map((t) => t.target)
        .sort(),
    ).toEqual(['2', '3']);
  });
});
