import { describe, expect, it } from 'vitest';
import type { ImageLayersView, ImageTree, WasteReport } from '../../../shared/layers.js';
import { FakeTransport, flush, makeTask } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';

const layers: ImageLayersView = {
  image: 'app:1',
  id: 'sha256:a',
  readFromDaemon: true,
  layers: [],
};
const tree: ImageTree = { image: 'app:1', id: 'sha256:a', files: [] };
const waste: WasteReport = {
  image: 'app:1',
  efficiency: 1,
  wastedBytes: 0,
  diveWastedBytes: 0,
  worst: [],
};

function setup() {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null });
  transport.handle('tasks:list', async () => []);
  void store.getState().start('tasks');
  const reads: string[] = [];
  transport.handle('layers:stored', async () => null);
  transport.handle('layers:read', async (image) => {
    reads.push(image);
    return makeTask('layers', `read-${reads.length}`);
  });
  transport.handle('layers:tree', async () => tree);
  transport.handle('layers:waste', async () => waste);
  return { transport, store, reads };
}

describe('details slice: files by layer', () => {
  it('reads the layers as a task, shows it while it runs, then asks for the tree and waste', async () => {
    const { transport, store, reads } = setup();
    const loading = store.getState().loadFiles('app:1');
    await flush();
    expect(store.getState().detailsFiles.get('app:1')).toEqual({
      status: 'reading',
      taskId: 'read-1',
    });
    transport.emit(
      'task:done',
      makeTask('layers', 'read-1', { state: 'succeeded', endedAt: 2000, result: layers }),
    );
    await loading;
    expect(store.getState().detailsFiles.get('app:1')).toEqual({
      status: 'ready',
      value: { layers, tree, waste },
    });
    await store.getState().loadFiles('app:1');
    expect(reads).toEqual(['app:1']);
  });

  it('layers the store holds open with no task; asked again (force), they are read as one', async () => {
    const { transport, store, reads } = setup();
    const asked: string[] = [];
    transport.handle('layers:stored', async (image) => {
      asked.push(image);
      return { ...layers, readFromDaemon: false };
    });
    await store.getState().loadFiles('app:1');
    expect(store.getState().detailsFiles.get('app:1')).toEqual({
      status: 'ready',
      value: { layers: { ...layers, readFromDaemon: false }, tree, waste },
    });
    expect(reads).toEqual([]);
    expect(asked).toEqual(['app:1']);

    const again = store.getState().loadFiles('app:1', true);
    await flush();
    transport.emit(
      'task:done',
      makeTask('layers', 'read-1', { state: 'succeeded', endedAt: 2000, result: layers }),
    );
    await again;
    expect(reads).toEqual(['app:1']);
    expect(asked).toEqual(['app:1']);
  });

  it('a cancelled read says so, and is read again only when asked', async () => {
    const { transport, store, reads } = setup();
    const loading = store.getState().loadFiles('app:1');
    await flush();
    transport.emit(
      'task:done',
      makeTask('layers', 'read-1', { state: 'cancelled', endedAt: 2000 }),
    );
    await loading;
    expect(store.getState().detailsFiles.get('app:1')).toEqual({ status: 'cancelled' });
    await store.getState().loadFiles('app:1');
    expect(reads).toHaveLength(1);

    const again = store.getState().loadFiles('app:1', true);
    await flush();
    transport.emit(
      'task:done',
      makeTask('layers', 'read-2', { state: 'succeeded', endedAt: 3000, result: layers }),
    );
    await again;
    expect(store.getState().detailsFiles.get('app:1')?.status).toBe('ready');
    expect(reads).toHaveLength(2);
  });

  it('a failed read gives the core words; a read that ended before its answer is taken as ended', async () => {
    const { transport, store } = setup();
    transport.handle('layers:read', async () => {
      const failed = makeTask('layers', 'read-9', {
        state: 'failed',
        endedAt: 2000,
        error: { code: 'INTERNAL', message: 'Could not read the saved image app:1: cut short.' },
      });
      transport.emit('task:failed', failed);
      return makeTask('layers', 'read-9');
    });
    await store.getState().loadFiles('app:1');
    expect(store.getState().detailsFiles.get('app:1')).toEqual({
      status: 'error',
      message: 'Could not read the saved image app:1: cut short.',
    });
  });
});
