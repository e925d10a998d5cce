/** Channels of the task center: long work started elsewhere is listed, followed and cancelled here. */
import { z } from 'zod';
import type { TaskInfo } from '../tasks.js';
import type { SchemasFor } from './define.js';

const taskId = z.uuid('A task id is a UUID.');

export interface TasksChannels {
  /** Running and recently finished tasks, newest first. */
  'tasks:list': { args: []; result: TaskInfo[] };
  'tasks:get': { args: [id: string]; result: TaskInfo };
  /** Asks a running task to stop; it ends `cancelled` (reported by `task:done`). */
  'tasks:cancel': { args: [id: string]; result: TaskInfo };
}

export const tasksSchemas = {
  'tasks:list': z.tuple([]),
  'tasks:get': z.tuple([taskId]),
  'tasks:cancel': z.tuple([taskId]),
} satisfies SchemasFor<TasksChannels>;

export interface TasksEvents {
  'task:progress': TaskInfo;
  /** Succeeded or cancelled. */
  'task:done': TaskInfo;
  'task:failed': TaskInfo;
}
