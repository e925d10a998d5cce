/**
 * Save… and Load… in the desktop app: the main process answers `desktop:saveImages` and
 * `desktop:loadImages` (shared/desktop.ts) by showing the system's file dialog and starting the
 * core's `save` or `load` task on the path chosen there. The renderer sends image names only, so
 * no page can have a file written or read where the user did not choose. Pure logic over a
 * `FileDialog` (Electron's `dialog` in main.ts), so it is tested without Electron.
 */
import path from 'node:path';
import { runRequest } from './core/dispatch.js';
import { archiveFileName, type ImageFileTasks } from './core/images/transfer-files.js';
import { HangarError, type IpcResult } from '../shared/errors.js';
import {
  desktopSchemas,
  isDesktopChannel,
  type DesktopChannel,
  type DesktopContract,
} from '../shared/desktop.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The part of Electron's `dialog` used here, already bound to the window that asked. */
export interface FileDialog {
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    buttonLabel: string;
    filters: FileFilter[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: {
    title: string;
    defaultPath: string;
    buttonLabel: string;
    filters: FileFilter[];
    properties: 'openFile'[];
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface DesktopFilesDeps {
  /** The core's file tasks; absent in a core that cannot move archives. */
  files: ImageFileTasks | undefined;
  /** Where the dialogs open first (the user's downloads folder). */
  defaultFolder(): string;
}

type DesktopHandlers = {
  [C in DesktopChannel]: (
    dialog: FileDialog,
    ...args: DesktopContract[C]['args']
  ) => Promise<DesktopContract[C]['result']>;
};

const ARCHIVE_FILTERS: FileFilter[] = [
  { name: 'Image archives', extensions: ['tar', 'gz', 'tgz', 'bz2', 'xz', 'zst'] },
  { name: 'All files', extensions: ['*'] },
];

function fileTasks(deps: DesktopFilesDeps): ImageFileTasks {
  if (!deps.files) throw new HangarError('INTERNAL', 'This core cannot save or load images.');
  return deps.files;
}

/** A path a dialog answered, or null when it was dismissed; never a relative one. */
function chosen(canceled: boolean, file: string | undefined): string | null {
  if (canceled || file === undefined || file === '') return null;
  if (!path.isAbsolute(file)) {
    throw new HangarError('VALIDATION', `The file dialog answered a relative path: ${file}.`);
  }
  return file;
}

export function desktopFileHandlers(deps: DesktopFilesDeps): DesktopHandlers {
  return {
    'desktop:saveImages': async (dialog, names) => {
      const files = fileTasks(deps);
      const answer = await dialog.showSaveDialog({
        title: names.length === 1 ? `Save ${names[0]}` : `Save ${names.length} images`,
        defaultPath: path.join(deps.defaultFolder(), archiveFileName(names)),
        buttonLabel: 'Save',
        filters: ARCHIVE_FILTERS,
      });
      const file = chosen(answer.canceled, answer.filePath);
      return file === null ? null : files.save(names, file);
    },
    'desktop:loadImages': async (dialog) => {
      const files = fileTasks(deps);
      const answer = await dialog.showOpenDialog({
        title: 'Load images from an archive',
        defaultPath: deps.defaultFolder(),
        buttonLabel: 'Load',
        filters: ARCHIVE_FILTERS,
        properties: ['openFile'],
      });
      const file = chosen(answer.canceled, answer.filePaths[0]);
      return file === null ? null : files.load(file);
    },
  };
}

/** Validates a desktop request's arguments and runs it; every outcome is an `IpcResult`. */
export function dispatchDesktop(
  handlers: DesktopHandlers,
  dialog: FileDialog,
  channel: unknown,
  args: unknown,
): Promise<IpcResult<unknown>> {
  const known = isDesktopChannel(channel) ? channel : null;
  return runRequest(channel, known === null ? undefined : desktopSchemas[known], args, (data) => {
    const handler = handlers[known as DesktopChannel] as (
      d: FileDialog,
      ...a: unknown[]
    ) => Promise<unknown>;
    return handler(dialog, ...data);
  });
}
