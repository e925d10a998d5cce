/**
 * "Prune…": choose the mode and filters, see exactly what goes (the preview is recomputed as the
 * options or the images change), confirm with a button that names the count and the bytes, follow
 * the prune image by image (cancellable), then read the report.
 */
import { useMemo, useState } from 'react';
import { PRUNE_MODE_LABELS, type PruneMode, type PrunePreview } from '../../../shared/actions.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { useAppStore } from '../../store/store-context.js';
import { ProgressBar } from '../tasks/progress-bar.js';
import { PruneItems } from '../tasks/task-items.js';
import { pruneCounts, pruneLine, taskFraction } from '../tasks/task-progress.js';
import { Callout } from '../../components/callout.js';
import { DeletionFooter, DeletionPreviewPane } from '../../components/deletion-preview.js';
import { Modal } from '../../components/modal.js';
import { useDebouncedPreview } from '../../components/use-debounced-preview.js';
import { describeOptions, EMPTY_PRUNE_FORM, pruneOptionsOf, type PruneForm } from './prune-form.js';
import { PruneOptionsForm } from './prune-options.js';
import { PrunePreviewList, ReclaimLine } from './prune-preview.js';
import { PruneReportView } from './prune-report.js';
import { errorWords } from '../../model/errors.js';
import { pruneConfirmLabel } from './words.js';

function labelsOf(preview: PrunePreview | null): Map<string, string> {
  const labels = new Map<string, string>();
  for (const image of preview?.images ?? []) {
    const label = image.tags[0] ?? image.digests[0];
    if (label) labels.set(image.id, label);
  }
  return labels;
}

function usePreview(form: PruneForm, paused: boolean, refresh: number) {
  const previewPrune = useAppStore((s) => s.previewPrune);
  const indexVersion = useAppStore((s) => s.indexVersion);
  const checked = useMemo(() => pruneOptionsOf(form, Date.now()), [form]);
  const { state, setState } = useDebouncedPreview(
    paused || !checked.ok ? null : checked.options,
    previewPrune,
    `${indexVersion}/${refresh}`,
  );

  return { checked, state, setState };
}

export function PruneDialog({ mode, onClose }: { mode: PruneMode; onClose(): void }) {
  const [form, setForm] = useState<PruneForm>({ ...EMPTY_PRUNE_FORM, mode });
  const [taskId, setTaskId] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [measuring, setMeasuring] = useState(false);
  const [starting, setStarting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<PrunePreview | null>(null);
  const task = useAppStore(selectTaskOfKind('prune', taskId));
  const measurePrune = useAppStore((s) => s.measurePrune);
  const startPrune = useAppStore((s) => s.startPrune);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const showTasks = useAppStore((s) => s.showTasks);
  const { checked, state, setState } = usePreview(form, taskId !== null || starting, refresh);

  const preview =
    state.status === 'ready' ? state.value : state.status === 'loading' ? state.last : null;
  const ready = state.status === 'ready' ? state.value : null;
  const labels = useMemo(() => labelsOf(confirmed ?? preview), [confirmed, preview]);

  const measure = async (): Promise<void> => {
    if (!ready) return;
    setMeasuring(true);
    setActionError(null);
    try {
      const measured = await measurePrune(ready.id);
      setState((s) =>
        s.status === 'ready' && s.value.id === measured.id
          ? { status: 'ready', value: measured }
          : s,
      );
    } catch (err) {
      setActionError(errorWords(err));
    } finally {
      setMeasuring(false);
    }
  };

  const confirm = async (): Promise<void> => {
    if (!ready || ready.images.length === 0) return;
    setStarting(true);
    setActionError(null);
    try {
      const started = await startPrune(ready.id);
      setConfirmed(ready);
      setTaskId(started.id);
    } catch (err) {
      setActionError(`${errorWords(err)} Nothing was deleted.`);
      setRefresh((n) => n + 1);
    } finally {
      setStarting(false);
    }
  };

  const hide = (): void => {
    if (taskId) showTasks(true, taskId);
    onClose();
  };

  // ---- after confirm: progress, then the report
  if (taskId !== null) {
    const running = !task || task.state === 'running';
    const items = task?.progress.items ?? [];
    const report = task?.result ?? null;
    return (
      <Modal
        title={running ? 'Pruning images…' : 'Prune report'}
        size="wide"
        onClose={hide}
        testId="prune-dialog"
        footerNote={
          confirmed && (
            <span className="muted small">
              {describeOptions(confirmed.options, PRUNE_MODE_LABELS[confirmed.options.mode])}
            </span>
          )
        }
        footer={
          running ? (
            <>
              <button type="button" className="button" onClick={hide} data-testid="prune-hide">
                Run in background
              </button>
              <button
                type="button"
                className="button button-danger-outline"
                disabled={!task || task.progress.message === 'Cancelling…'}
                onClick={() => task && void cancelTask(task.id)}
                data-testid="prune-cancel"
              >
                {task?.progress.message === 'Cancelling…' ? 'Cancelling…' : 'Cancel prune'}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button-primary"
              onClick={onClose}
              data-testid="prune-close"
            >
              Close
            </button>
          )
        }
      >
        {running ? (
          <div className="stack" data-testid="prune-progress">
            <ProgressBar
              value={task ? taskFraction(task) : null}
              label="Prune progress"
              testId="prune-progress-bar"
            />
            <p className="act-progress-line">
              {task ? pruneLine(pruneCounts(items)) : 'Starting…'}
              <span className="muted"> · between images, Cancel stops before the next one</span>
            </p>
            <PruneItems items={items} />
          </div>
        ) : (
          <>
            {task?.state === 'failed' && task.error && (
              <Callout tone="error" testId="prune-error">
                {errorWords(task.error)}
              </Callout>
            )}
            {report ? (
              <PruneReportView
                report={report}
                labels={labels}
                cancelled={task?.state === 'cancelled'}
              />
            ) : (
              <PruneItems items={items} />
            )}
          </>
        )}
      </Modal>
    );
  }

  // ---- before: options and the preview
  const count = ready?.images.length ?? 0;
  return (
    <Modal
      title="Prune images"
      size="wide"
      onClose={onClose}
      testId="prune-dialog"
      footerNote={
        <span className="muted small">
          Deletes exactly the images listed, by id; each is checked again right before it goes.
        </span>
      }
      footer={
        <DeletionFooter
          label={preview ? pruneConfirmLabel(preview.images.length, preview.reclaimBytes) : null}
          busy={starting}
          busyLabel="Starting…"
          canConfirm={ready !== null && count > 0 && checked.ok}
          onCancel={onClose}
          onConfirm={() => void confirm()}
          testIdPrefix="prune"
        />
      }
    >
      <PruneOptionsForm
        form={form}
        errors={checked.ok ? {} : checked.errors}
        onChange={(change) => setForm((f) => ({ ...f, ...change }))}
      />
      <DeletionPreviewPane
        actionError={actionError}
        loading={state.status === 'loading'}
        error={state.status === 'error' ? state.message : null}
        valid={checked.ok}
        onRetry={() => setRefresh((n) => n + 1)}
        testIdPrefix="prune"
      >
        {preview && (
          <>
            <ReclaimLine preview={preview} measuring={measuring} onMeasure={() => void measure()} />
            <PrunePreviewList preview={preview} />
          </>
        )}
      </DeletionPreviewPane>
    </Modal>
  );
}
