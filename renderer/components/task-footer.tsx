/**
 * The footer of a dialog that starts one task and then follows it: before the task, Close and the
 * start button (the main action, last); while it runs, Hide (the task goes on in the drawer) and
 * Cancel; once it has ended, Close.
 */
export interface TaskFooterProps {
  /** What the task does, as its button says it: 'Pull', 'Push'. */
  verb: string;
  /** `idle` before the task starts, then `running`, then `ended`. */
  phase: 'idle' | 'running' | 'ended';
  /** The start request is on its way. */
  starting: boolean;
  /** The form is complete enough to start. */
  canStart: boolean;
  onStart(): void;
  onCancel(): void;
  onClose(): void;
  startTestId?: string;
}

export function TaskFooter({
  verb,
  phase,
  starting,
  canStart,
  onStart,
  onCancel,
  onClose,
  startTestId,
}: TaskFooterProps) {
  if (phase === 'idle') {
    return (
      <>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={starting || !canStart}
          data-testid={startTestId}
          onClick={onStart}
        >
          {starting ? 'Starting…' : verb}
        </button>
      </>
    );
  }
  if (phase === 'running') {
    return (
      <>
        <button type="button" className="button" onClick={onClose}>
          Hide
        </button>
        <button type="button" className="button button-danger-outline" onClick={onCancel}>
          Cancel {verb.toLowerCase()}
        </button>
      </>
    );
  }
  return (
    <button type="button" className="button" onClick={onClose}>
      Close
    </button>
  );
}
