/**
 * Save… and Load… in the main process, with a fake file dialog and fake file tasks (pure wiring;
 * Electron cannot run here): the path comes from the dialog and nowhere else, a dismissed dialog
 * starts nothing, and a request is validated before any dialog opens.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ImageFileTasks } from './core/images/transfer-files.js';
import { desktopFileHandlers, dispatchDesktop, type FileDialog } from './desktop-files.js';
import type { TaskOf } from '../shared/tasks.js';

function fakes(answers: { save?: string | null; open?: string | null } = {}) {
  const dialog = {
    showSaveDialog: vi.fn(async (_options: Parameters<FileDialog['showSaveDialog']>[0]) =>
      answers.save === null || answers.save === undefined
        ? { canceled: true }
        : { canceled: false, filePath: answers.save },
    ),
    showOpenDialog: vi.fn(async (_options: Parameters<FileDialog['showOpenDialog']>[0]) =>
      answers.open === null || answers.open === undefined
        ? { canceled: true, filePaths: [] }
        : { canceled: false, filePaths: [answers.open] },
    ),
  } satisfies FileDialog;
  const files = {
    save: vi.fn(
      (names: readonly string[], file: string) =>
        ({ id: 't1', kind: 'save', target: file, title: names.join() }) as TaskOf<'save'>,
    ),
    load: vi.fn((file: string) => ({ id: 't2', kind: 'load', target: file }) as TaskOf<'load'>),
  } satisfies ImageFileTasks;
  const handlers = desktopFileHandlers({ files, defaultFolder: () => '/home/ann/Downloads' });
  return { dialog, files, handlers };
}

describe('desktop Save…', () => {
  it('asks where with a name made from the image, then saves exactly there as a task', async () => {
    const { dialog, files, handlers } = fakes({ save: '/home/ann/app.tar' });
    const result = await dispatchDesktop(handlers, dialog, 'desktop:saveImages', [['app:1']]);
    expect(result).toEqual({
      ok: true,
      value: { id: 't1', kind: 'save', target: '/home/ann/app.tar', title: 'app:1' },
    });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Save app:1',
        defaultPath: '/home/ann/Downloads/app_1.tar',
      }),
    );
    expect(files.save).toHaveBeenCalledWith(['app:1'], '/home/ann/app.tar');
  });

  it('offers images.tar for several images', async () => {
    const { dialog, handlers } = fakes({ save: '/tmp/x.tar' });
    await dispatchDesktop(handlers, dialog, 'desktop:saveImages', [['a:1', 'b:2']]);
    expect(dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({
      title: 'Save 2 images',
      defaultPath: '/home/ann/Downloads/images.tar',
    });
  });

  it('a dismissed dialog answers null and saves nothing', async () => {
    const { dialog, files, handlers } = fakes({ save: null });
    expect(await dispatchDesktop(handlers, dialog, 'desktop:saveImages', [['app:1']])).toEqual({
      ok: true,
      value: null,
    });
    expect(files.save).not.toHaveBeenCalled();
  });

  it('refuses a relative path from the dialog', async () => {
    const { dialog, files, handlers } = fakes({ save: 'app.tar' });
    const result = await dispatchDesktop(handlers, dialog, 'desktop:saveImages', [['app:1']]);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(files.save).not.toHaveBeenCalled();
  });

  it('validates the names before any dialog opens; a path in the request goes nowhere', async () => {
    const { dialog, files, handlers } = fakes({ save: '/tmp/x.tar' });
    for (const args of [[[]], [['app:1'], '/etc/passwd'], [['bad name']], ['app:1']]) {
      const result = await dispatchDesktop(handlers, dialog, 'desktop:saveImages', args);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!result.ok) expect(result.error.message).toMatch(/^Invalid request desktop:saveImages: /);
    }
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(files.save).not.toHaveBeenCalled();
  });

  it('says so when the core cannot move archives', async () => {
    const { dialog } = fakes({ save: '/tmp/x.tar' });
    const handlers = desktopFileHandlers({ files: undefined, defaultFolder: () => '/tmp' });
    expect(await dispatchDesktop(handlers, dialog, 'desktop:saveImages', [['app:1']])).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'This core cannot save or load images.' },
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('desktop Load…', () => {
  it('asks for one archive file, then loads it as a task', async () => {
    const { dialog, files, handlers } = fakes({ open: '/home/ann/app.tar' });
    const result = await dispatchDesktop(handlers, dialog, 'desktop:loadImages', []);
    expect(result).toEqual({
      ok: true,
      value: { id: 't2', kind: 'load', target: '/home/ann/app.tar' },
    });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openFile'], defaultPath: '/home/ann/Downloads' }),
    );
    expect(files.load).toHaveBeenCalledWith('/home/ann/app.tar');
  });

  it('a dismissed dialog answers null and loads nothing', async () => {
    const { dialog, files, handlers } = fakes({ open: null });
    expect(await dispatchDesktop(handlers, dialog, 'desktop:loadImages', [])).toEqual({
      ok: true,
      value: null,
    });
    expect(files.load).not.toHaveBeenCalled();
  });

  it('takes no arguments: a path from the renderer is refused', async () => {
    const { dialog, files, handlers } = fakes({ open: '/tmp/x.tar' });
    const result = await dispatchDesktop(handlers, dialog, 'desktop:loadImages', ['/etc/shadow']);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(files.load).not.toHaveBeenCalled();
  });
});

describe('dispatchDesktop', () => {
  it('refuses a channel it does not answer', async () => {
    const { dialog, handlers } = fakes();
    expect(await dispatchDesktop(handlers, dialog, 'images:inspect', ['x'])).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Unknown request: images:inspect.' },
    });
  });
});
