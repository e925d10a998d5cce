/**
 * The task center, on every page: a header button with the number of running tasks, and a drawer
 * listing running and finished tasks (prunes, pushes, pulls, builds) with their progress, Cancel,
 * and a finished task's report when opened.
 */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNow } from '../../components/use-now.js';
import { formatCount } from '../../lib/format.js';
import { listTasks } from '../../store/slices/tasks.js';
import { useAppStore } from '../../store/store-context.js';
import { TaskCard } from './task-card.js';
import { runningCount } from './task-progress.js';
import './tasks.css';

function TaskDrawer({ onClose }: { onClose(): void }) {
  const tasks = useAppStore(useShallow(listTasks));
  const tasksError = useAppStore((s) => s.tasksError);
  const focus = useAppStore((s) => s.tasksDrawerFocus);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const clearEnded = useAppStore((s) => s.clearEndedTasks);
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [cancelError, setCancelError] = useState<string | null>(null);
  const running = tasks.filter((t) => t.state === 'running');
  const ended = tasks.filter((t) => t.state !== 'running');
  const now = useNow(1000, running.length > 0);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    if (focus === null) return;
    setToggled((m) => new Map(m).set(focus, true));
    ref.current
      ?.querySelector(`[data-task-id="${CSS.escape(focus)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const isOpen = (id: string, isRunning: boolean): boolean => toggled.get(id) ?? isRunning;
  const card = (t: (typeof tasks)[number]) => (
    <TaskCard
      key={t.id}
      task={t}
      now={now}
      open={isOpen(t.id, t.state === 'running')}
      onToggle={() => setToggled((m) => new Map(m).set(t.id, !isOpen(t.id, t.state === 'running')))}
      onCancel={() => {
        setCancelError(null);
        cancelTask(t.id).catch((err: unknown) =>
          setCancelError(err instanceof Error ? err.message : 'Could not cancel the task.'),
        );
      }}
    />
  );

  return (
    <aside
      ref={ref}
      className="task-drawer"
      aria-label="Tasks"
      tabIndex={-1}
      data-testid="task-drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="task-drawer-head">
        <h2 className="task-drawer-title">Tasks</h2>
        <button
          type="button"
          className="link-button"
          disabled={ended.length === 0}
          onClick={clearEnded}
          data-testid="tasks-clear"
        >
          Clear finished
        </button>
        <button
          type="button"
          className="icon-button task-drawer-close"
          aria-label="Close tasks"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="task-drawer-body">
        {tasksError && <p className="task-error">{tasksError}</p>}
        {cancelError && <p className="task-error">{cancelError}</p>}
        {tasks.length === 0 ? (
          <p className="task-empty" data-testid="tasks-empty">
            No tasks yet. Prunes, pushes, pulls and builds show up here with their progress, and
            stay with their reports once they end.
          </p>
        ) : (
          <>
            {running.length > 0 && (
              <section>
                <h3 className="task-section">Running · {formatCount(running.length)}</h3>
                <ul className="task-list" data-testid="tasks-running-list">
                  {running.map(card)}
                </ul>
              </section>
            )}
            {ended.length > 0 && (
              <section>
                <h3 className="task-section">Finished · {formatCount(ended.length)}</h3>
                <ul className="task-list" data-testid="tasks-ended-list">
                  {ended.map(card)}
                </ul>
              </section>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

export function TaskCenter() {
  const open = useAppStore((s) => s.tasksDrawerOpen);
  const showTasks = useAppStore((s) => s.showTasks);
  const running = useAppStore((s) => runningCount(Object.values(s.tasks)));
  return (
    <>
      <button
        type="button"
        className={`task-button${running > 0 ? ' is-busy' : ''}`}
        aria-expanded={open}
        data-testid="tasks-button"
        onClick={() => showTasks(!open, null)}
      >
        {running > 0 && <span className="spinner spinner-small" aria-hidden="true" />}
        Tasks
        {running > 0 && (
          <>
            <span className="task-count" data-testid="tasks-running">
              {formatCount(running)}
            </span>
            <span className="offscreen"> running</span>
          </>
        )}
      </button>
      {open && <TaskDrawer onClose={() => showTasks(false)} />}
    </>
  );
}
