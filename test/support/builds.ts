/**
 * Builds through a core in a test: `build` starts `artifacts:build` and waits for its task,
 * `built` also fails the test with the task's error when it did not succeed; `workspace` writes a
 * build context into a new temporary folder, `writeInto` one file into a folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArtifactSpec, BuildOutcome } from '../../shared/artifacts.js';
import type { BuildRunOptions } from '../../shared/builds.js';
import type { TaskInfo } from '../../shared/tasks.js';
import { request } from '../../electron/cli/core-client.js';
import type { Core } from '../../electron/core/core.js';

export interface Ended {
  task: TaskInfo;
  outcome: BuildOutcome | null;
}

export async function waitTask(core: Core, id: string): Promise<TaskInfo> {
  for (;;) {
    const t = await request(core, 'tasks:get', id);
    if (t && t.state !== 'running') return t;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function build(
  core: Core,
  spec: ArtifactSpec,
  run: BuildRunOptions = {},
): Promise<Ended> {
  const info = await request(core, 'artifacts:build', spec, {}, run);
  const task = await waitTask(core, info.id);
  const outcome = task.kind === 'build' && task.state === 'succeeded' ? task.result : null;
  return { task, outcome };
}

export async function built(core: Core, spec: ArtifactSpec, run: BuildRunOptions = {}) {
  const { task, outcome } = await build(core, spec, run);
  if (!outcome) throw new Error(`${task.error?.message}\n${task.error?.detail ?? ''}`);
  return outcome;
}

/** Writes `content` to `rel` under `dir`, making the folders on the way. */
export function writeInto(dir: string, rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

/** A new folder under the system's temporary one holding `files` (relative paths). */
export function workspace(files: Record<string, string>, prefix = 'hangar-builds-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) writeInto(dir, rel, content);
  return dir;
}
