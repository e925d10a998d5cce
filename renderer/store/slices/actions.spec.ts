import { describe, expect, it } from 'vitest';
import type { DialogImageFiles } from '../../../shared/contract.js';
import { HangarError } from '../../../shared/errors.js';
import type { TaskOf } from '../../../shared/tasks.js';
import { createAppStore } from '../index.js';
import { deferred, FakeTransport, makeTask } from '../../testing/fake-transport.js';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

const pushTask = (over: Partial<TaskOf<'push'>> = {}) =>
  makeTask('push', ID, { title: 'Push app:1', target: 'app:1', startedAt: 1, ...over });

describe('image actions slice', () => {
  it('tracks a push it started, so the drawer shows it at once', async () => {
    const transport = new FakeTransport();
    transport.handle('images:push', async (ref) => pushTask({ target: ref }));
    const store = createAppStore(transport, { storage: null });
    const task = await store.getState().pushImage('app:1');
    expect(task.id).toBe(ID);
    expect(store.getState().tasks[ID]?.target).toBe('app:1');
    expect(transport.calls).toEqual([{ channel: 'images:push', args: ['app:1'] }]);
  });

  it('keeps progress that arrived before the answer that started the task', async () => {
    const transport = new FakeTransport();
    const answer = deferred<TaskOf<'push'>>();
    transport.handle('images:push', () => answer.promise);
    const store = createAppStore(transport, { storage: null });
    void store.getState().start('tasks');
    const started = store.getState().pushImage('app:1');
    const newer = pushTask({ progress: { percent: 40, message: 'Pushing', items: [] } });
    transport.emit('task:progress', newer);
    answer.resolve(pushTask());
    await started;
    expect(store.getState().tasks[ID]?.progress.percent).toBe(40);
  });

  it('hands errors of the core back to the caller', async () => {
    const transport = new FakeTransport();
    transport.handle('images:tag', async () => {
      throw new HangarError('INVALID_REFERENCE', 'invalid reference format');
    });
    const store = createAppStore(transport, { storage: null });
    await expect(store.getState().tagImage('app:1', 'Bad')).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    });
  });

  it('keeps the remembered checks by tag, and a check asks the registries again', async () => {
    const transport = new FakeTransport();
    const known = {
      tag: 'app:1',
      imageId: 'sha256:a',
      state: 'upToDate' as const,
      reason: null,
      localDigests: [],
      remoteDigest: null,
      remoteCreated: null,
      checkedAt: 1,
    };
    transport.handle('images:knownUpdates', async () => [known]);
    transport.handle('images:updates', async () => [
      { ...known, state: 'updateAvailable' as const, checkedAt: 2 },
    ]);
    const store = createAppStore(transport, { storage: null });
    await store.getState().loadKnownUpdates();
    expect(store.getState().imageUpdates.get('app:1')?.state).toBe('upToDate');
    const checking = store.getState().checkImageUpdates();
    expect(store.getState().imageUpdatesChecking).toBe(true);
    await checking;
    expect(store.getState().imageUpdatesChecking).toBe(false);
    expect(store.getState().imageUpdates.get('app:1')?.state).toBe('updateAvailable');
    expect(transport.calls.at(-1)).toEqual({
      channel: 'images:updates',
      args: [{ refresh: true }],
    });
  });

  it('pulls each outdated tag as its own task', async () => {
    const transport = new FakeTransport();
    let n = 0;
    transport.handle('images:pull', async (ref) =>
      makeTask('pull', `${ID.slice(0, -1)}${n++}`, {
        title: `Pull ${ref}`,
        target: ref,
        startedAt: 1,
      }),
    );
    const store = createAppStore(transport, { storage: null });
    const tasks = await store.getState().pullUpdates(['app:1', 'app:2']);
    expect(tasks.map((t) => t.target)).toEqual(['app:1', 'app:2']);
    expect(transport.calls.map((c) => c.args[0])).toEqual(['app:1', 'app:2']);
  });
});

describe('image archives as files', () => {
  const saveTask = makeTask('save', ID, { title: 'Save app:1', target: '/home/ann/app.tar' });
  class DialogTransport extends FakeTransport {
    answer: TaskOf<'save'> | null = saveTask;
    readonly saved: (readonly string[])[] = [];
    readonly imageFiles: DialogImageFiles = {
      via: 'dialog',
      save: async (names) => {
        this.saved.push(names);
        return this.answer;
      },
      load: async () => null,
    };
  }

  it('the desktop way: Save… starts a task the drawer tracks; no download address', async () => {
    const transport = new DialogTransport();
    const store = createAppStore(transport, { storage: null });
    expect(store.getState().imageFilesVia).toBe('dialog');
    expect(store.getState().saveImagesUrl(['app:1'])).toBeNull();
    await expect(store.getState().saveImagesToFile(['app:1'])).resolves.toEqual(saveTask);
    expect(store.getState().tasks[ID]?.target).toBe('/home/ann/app.tar');
    expect(transport.saved).toEqual([['app:1']]);
    await expect(store.getState().loadImageArchive(new Blob(['x']))).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('a dismissed file dialog starts nothing', async () => {
    const transport = new DialogTransport();
    transport.answer = null;
    const store = createAppStore(transport, { storage: null });
    await expect(store.getState().saveImagesToFile(['app:1'])).resolves.toBeNull();
    await expect(store.getState().loadImagesFromFile()).resolves.toBeNull();
    expect(store.getState().tasks).toEqual({});
  });

  it('a host with no file way says so', async () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    expect(store.getState().imageFilesVia).toBeNull();
    await expect(store.getState().saveImagesToFile(['app:1'])).rejects.toThrow(
      'This window cannot save image archives through a file dialog.',
    );
  });
});

describe('update check settings', () => {
  it('reads them, saves them and keeps what the core answered', async () => {
    const transport = new FakeTransport();
    const stored = { maxAgeMinutes: 360, background: false, concurrency: 8 };
    transport.handle('images:updateSettings', async () => stored);
    transport.handle('images:setUpdateSettings', async (s) => ({ ...s, concurrency: 4 }));
    const store = createAppStore(transport, { storage: null });
    expect(store.getState().updateSettings).toBeNull();
    await store.getState().loadUpdateSettings();
    expect(store.getState().updateSettings).toEqual(stored);
    const next = { maxAgeMinutes: 60, background: true, concurrency: 2 };
    await expect(store.getState().saveUpdateSettings(next)).resolves.toEqual({
      ...next,
      concurrency: 4,
    });
    expect(store.getState().updateSettings).toEqual({ ...next, concurrency: 4 });
    expect(transport.calls.at(-1)).toEqual({ channel: 'images:setUpdateSettings', args: [next] });
  });

  it('a refused save keeps the settings as they were', async () => {
    const transport = new FakeTransport();
    const stored = { maxAgeMinutes: 360, background: false, concurrency: 8 };
    transport.handle('images:updateSettings', async () => stored);
    transport.handle('images:setUpdateSettings', async () => {
      throw new HangarError('VALIDATION', 'concurrency is at most 64.');
    });
    const store = createAppStore(transport, { storage: null });
    await store.getState().loadUpdateSettings();
    await expect(
      store.getState().saveUpdateSettings({ ...stored, concurrency: 99 }),
    ).rejects.toMatchObject({ message: 'concurrency is at most 64.' });
    expect(store.getState().updateSettings).toEqual(stored);
  });
});
