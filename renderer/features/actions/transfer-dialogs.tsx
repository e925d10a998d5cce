/**
 * Save… and Load…, one pair of dialogs for both hosts. Through the web host, Save… names what the
 * archive holds and downloads it (the browser writes the file), and Load… sends a chosen archive
 * to the engine, streamed from the file. In the desktop app, each asks the main process, which
 * shows the system's file dialog and runs the save or load as a task followed here (progress,
 * Cancel). Either way the dialog says which tags a load brought or why it could not.
 */
import { useId, useState } from 'react';
import type { LoadResult } from '../../../shared/actions.js';
import { Callout } from '../../components/callout.js';
import { Field, messageId } from '../../components/field.js';
import { Modal } from '../../components/modal.js';
import { TaskFooter } from '../../components/task-footer.js';
import { formatBytes, plural } from '../../lib/format.js';
import { errorMessage, errorWords } from '../../model/errors.js';
import { loadSummary } from '../../model/images/transfer.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { useAppStore } from '../../store/store-context.js';
import { TaskView } from '../tasks/task-card.js';

export function SaveDialog({ names, onClose }: { names: string[]; onClose(): void }) {
  const via = useAppStore((s) => s.imageFilesVia);
  return via === 'dialog' ? (
    <SaveToFileDialog names={names} onClose={onClose} />
  ) : (
    <DownloadDialog names={names} onClose={onClose} />
  );
}

export function LoadDialog({ onClose }: { onClose(): void }) {
  const via = useAppStore((s) => s.imageFilesVia);
  return via === 'dialog' ? (
    <LoadFromFileDialog onClose={onClose} />
  ) : (
    <UploadDialog onClose={onClose} />
  );
}

function SaveNames({ names }: { names: string[] }) {
  return (
    <>
      <p>
        One <code>docker save</code> archive of {plural(names.length, 'name')}, which{' '}
        <code>hangar load</code> or <code>docker load</code> brings back with these tags:
      </p>
      <ul className="mono small" data-testid="save-names">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * Starts a task through a file dialog of the main process and follows it: null from `start`
 * means the dialog was dismissed, and the form stays as it was.
 */
function useDialogTask(start: () => Promise<TaskInfo | null>) {
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useAppStore((s) => (taskId === null ? null : (s.tasks[taskId] ?? null)));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const started = await start();
      if (started) setTaskId(started.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };
  const cancel = (): void => {
    if (task) void cancelTask(task.id).catch((e) => setError(errorMessage(e)));
  };
  const phase: 'idle' | 'running' | 'ended' = !task
    ? 'idle'
    : task.state === 'running'
      ? 'running'
      : 'ended';
  return { task, starting, error, phase, run, cancel };
}

function SaveToFileDialog({ names, onClose }: { names: string[]; onClose(): void }) {
  const saveImagesToFile = useAppStore((s) => s.saveImagesToFile);
  const { task, starting, error, phase, run, cancel } = useDialogTask(() =>
    saveImagesToFile(names),
  );
  return (
    <Modal
      title="Save images"
      onClose={onClose}
      testId="save-dialog"
      footerNote={phase === 'idle' ? 'Save… asks where the archive goes.' : undefined}
      footer={
        <TaskFooter
          verb="Save"
          phase={phase}
          starting={starting}
          canStart={names.length > 0}
          onStart={() => void run()}
          onCancel={cancel}
          onClose={onClose}
          startTestId="save-start"
        />
      }
    >
      <SaveNames names={names} />
      {task?.kind === 'save' && task.state === 'succeeded' && task.result ? (
        <Callout tone="ok" testId="save-outcome">
          Saved {formatBytes(task.result.bytes)} to <code>{task.result.file}</code>.
        </Callout>
      ) : task?.state === 'cancelled' ? (
        <p>Save cancelled; no file was left.</p>
      ) : task?.state === 'failed' && task.error ? (
        <Callout tone="error" testId="save-error">
          {errorWords(task.error)}
        </Callout>
      ) : (
        task && <TaskView task={task} barTestId="save-progress-bar" errorTestId="save-error" />
      )}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}

function LoadFromFileDialog({ onClose }: { onClose(): void }) {
  const loadImagesFromFile = useAppStore((s) => s.loadImagesFromFile);
  const { task, starting, error, phase, run, cancel } = useDialogTask(loadImagesFromFile);
  return (
    <Modal
      title="Load images"
      onClose={onClose}
      testId="load-dialog"
      footer={
        <TaskFooter
          verb="Load"
          phase={phase}
          starting={starting}
          canStart
          onStart={() => void run()}
          onCancel={cancel}
          onClose={onClose}
          startTestId="load-start"
        />
      }
    >
      <p>
        Load… asks for a tar written by Save…, <code>hangar save</code> or <code>docker save</code>{' '}
        (optionally compressed); it is sent to the engine as it is read.
      </p>
      {task?.kind === 'load' && task.state === 'succeeded' && task.result ? (
        <Callout tone="ok" testId="load-outcome">
          {loadSummary(task.result)}
        </Callout>
      ) : task?.state === 'cancelled' ? (
        <p>Load cancelled; no image from it was loaded.</p>
      ) : task?.state === 'failed' && task.error ? (
        <Callout tone="error" testId="load-error">
          {errorWords(task.error)}
        </Callout>
      ) : (
        task && <TaskView task={task} barTestId="load-progress-bar" errorTestId="load-error" />
      )}
      {error && (
        <Callout tone="error" testId="load-error">
          {error}
        </Callout>
      )}
    </Modal>
  );
}

function DownloadDialog({ names, onClose }: { names: string[]; onClose(): void }) {
  const saveImagesUrl = useAppStore((s) => s.saveImagesUrl);
  const url = saveImagesUrl(names);
  return (
    <Modal
      title="Save images"
      onClose={onClose}
      testId="save-dialog"
      footerNote="The browser saves the archive where it saves downloads."
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          {url && (
            <a className="button button-primary" href={url} download data-testid="save-download">
              Download archive
            </a>
          )}
        </>
      }
    >
      <SaveNames names={names} />
    </Modal>
  );
}

function UploadDialog({ onClose }: { onClose(): void }) {
  const loadImageArchive = useAppStore((s) => s.loadImageArchive);
  const [file, setFile] = useState<File | null>(null);
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<LoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();

  const load = async (): Promise<void> => {
    if (!file) return;
    setLoading(true);
    setError(null);
    setResult(null);
    try {
      setResult(await loadImageArchive(file));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Modal
      title="Load images"
      onClose={onClose}
      testId="load-dialog"
      locked={loading}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={loading}>
            Close
          </button>
          {!result && (
            <button
              type="button"
              className="button button-primary"
              disabled={!file || loading}
              data-testid="load-start"
              onClick={() => void load()}
            >
              {loading ? 'Loading…' : 'Load'}
            </button>
          )}
        </>
      }
    >
      <Field
        id={fileId}
        label="Image archive"
        hint={
          file
            ? `${file.name}, ${formatBytes(file.size)}: sent to the engine as it is read.`
            : 'A tar written by Save…, hangar save or docker save.'
        }
      >
        <input
          id={fileId}
          type="file"
          accept=".tar,application/x-tar"
          aria-describedby={messageId(fileId)}
          data-testid="load-file"
          disabled={loading}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
            setError(null);
          }}
        />
      </Field>
      {result && (
        <Callout tone="ok" testId="load-outcome">
          {loadSummary(result)}
        </Callout>
      )}
      {error && (
        <Callout tone="error" testId="load-error">
          {error}
        </Callout>
      )}
    </Modal>
  );
}
