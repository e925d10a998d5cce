/**
 * "Build through cache…": the form, then the build task followed live (with Cancel), then its
 * outcome. The fields and the task followed live in the store, so closing the dialog while a
 * build runs leaves it running, and opening it again shows it.
 */
import { useState } from 'react';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { cliCommand, formToSpec, type FormErrors } from '../../model/artifacts/build-form.js';
import { BuilderNote } from '../builds/builder-setting.js';
import { BuildFormFields } from './build-form-fields.js';
import { BuildCancelled, BuildFailure, BuildOutcomeView, BuildProgress } from './build-result.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';

export function BuildDialog({ onClose }: { onClose(): void }) {
  const form = useAppStore((s) => s.artifactsBuildForm);
  const setForm = useAppStore((s) => s.setArtifactsBuildForm);
  const taskId = useAppStore((s) => s.artifactsBuildTaskId);
  const setTaskId = useAppStore((s) => s.setArtifactsBuildTaskId);
  const task = useAppStore(selectTaskOfKind('build', taskId));
  const buildArtifact = useAppStore((s) => s.buildArtifact);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const parsed = formToSpec(form);
  const running = task?.state === 'running';
  const showForm = task === null;

  const start = async (): Promise<void> => {
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setSubmitError(null);
    setStarting(true);
    try {
      const info = await buildArtifact(parsed.spec);
      setTaskId(info.id);
    } catch (err) {
      setSubmitError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!task) return;
    setCancelling(true);
    try {
      await cancelTask(task.id);
    } catch (err) {
      setSubmitError(errorMessage(err));
    } finally {
      setCancelling(false);
    }
  };

  let body;
  if (showForm) {
    body = (
      <>
        <BuildFormFields
          form={form}
          errors={errors}
          onChange={(f) => {
            setForm(f);
            if (Object.keys(errors).length > 0) {
              const again = formToSpec(f);
              setErrors(again.ok ? {} : again.errors);
            }
          }}
        />
        <BuilderNote />
        {parsed.ok && (
          <p className="ac-cli" title="The same build from a terminal or CI">
            <span className="faint">CLI:</span> <code>{cliCommand(parsed.spec)}</code>
          </p>
        )}
      </>
    );
  } else if (task.state === 'running') body = <BuildProgress task={task} />;
  else if (task.state === 'succeeded' && task.result) {
    body = <BuildOutcomeView outcome={task.result} />;
  } else if (task.state === 'cancelled') body = <BuildCancelled />;
  else body = <BuildFailure task={task} />;

  const footer = showForm ? (
    <>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={starting}
        data-testid="build-submit"
        onClick={() => void start()}
      >
        {starting ? 'Starting…' : 'Build'}
      </button>
    </>
  ) : running ? (
    <>
      <button type="button" className="button" onClick={onClose} title="The build goes on">
        Hide
      </button>
      <button
        type="button"
        className="button button-danger-outline"
        disabled={cancelling || task.progress.message === 'Cancelling…'}
        data-testid="build-cancel"
        onClick={() => void cancel()}
      >
        {cancelling ? 'Cancelling…' : 'Cancel build'}
      </button>
    </>
  ) : (
    <>
      <button
        type="button"
        className="button"
        data-testid="build-edit"
        onClick={() => setTaskId(null)}
      >
        Edit
      </button>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={starting}
        data-testid="build-again"
        onClick={() => void start()}
      >
        {starting ? 'Starting…' : 'Build again'}
      </button>
    </>
  );

  return (
    <Modal
      title={task ? `Build ${task.target}` : 'Build through cache'}
      onClose={onClose}
      footer={footer}
      size="wide"
      testId="build-dialog"
    >
      <div className="ac-build-body" data-task={task?.id ?? ''} data-testid="build-body">
        {body}
      </div>
      {submitError && (
        <Callout tone="error" testId="build-error">
          {submitError}
        </Callout>
      )}
    </Modal>
  );
}
