/**
 * One `POST /build` of an artifact: exactly the hashed entries as the context, the Dockerfile
 * path, target, platform, build args and the `hangar.cache.key` label, tagged with every tag given;
 * `nocache` after HIT_TOO_OLD (else the builder hands back the same old image from its cache). The
 * builder is chosen by `chooseBuilder`: BuildKit (`version=2`), the classic builder (`version=1`)
 * or Podman's Buildah; each stream is read into the same steps. BuildKit gets the context through
 * a BuildKit session (`remote=client-session`: the daemon asks for the files it does not hold
 * yet); the other builders, and BuildKit when the session cannot be opened (then a warning says
 * so), get it as the request's tar body. Progress is one item per step; a failed step is reported
 * with its output. Cancelling aborts the request and, on BuildKit, also asks the daemon to cancel
 * the build by its id.
 */
import { randomUUID } from 'node:crypto';
import type { ArtifactSpec } from '../../../shared/artifacts.js';
import type { BuilderKind, BuildRunOptions } from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import type { TaskItemProgress } from '../../../shared/tasks.js';
import { chooseBuilder } from '../builds/builder-choice.js';
import { BuildKitStreamReader } from '../builds/buildkit-stream.js';
import {
  describeFailure,
  stepLabel,
  type BuildStep,
  type BuildStreamReader,
} from '../builds/steps.js';
import { openSession, type BuildSession } from '../builds/session/session.js';
import { TextStreamReader } from '../builds/text-stream.js';
import { type BuildOptions, type DockerClient, dial } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import { toHangarError } from '../errors.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { alwaysSentExtras, contextTar } from './context-tar.js';
import type { HashedWorkspace } from './workspace-hasher.js';

export const CACHE_KEY_LABEL = 'hangar.cache.key';
export const ARTIFACT_LABEL = 'hangar.artifact';

/** What a build did so far: filled while it runs, read whether it succeeds or fails. */
export interface BuildAttempt {
  builder: BuilderKind | null;
  /** BuildKit's `buildid`, or null on the other builders. */
  buildId: string | null;
  reader: BuildStreamReader | null;
  /** Hangar's own warnings about the build, before the builder's (the context sent whole). */
  notes: string[];
  /** Unix ms. */
  startedAt: number;
}

export interface BuildRun {
  imageId: string;
  buildMs: number;
  builder: BuilderKind;
  buildId: string | null;
  steps: readonly BuildStep[];
  warnings: readonly string[];
}

/** What one `POST /build` builds, and how. */
export interface BuildRequest {
  spec: ArtifactSpec;
  hashed: HashedWorkspace;
  /** Every tag the image gets (`name:key` first). */
  tags: readonly string[];
  /** Build without the builder's cache (after HIT_TOO_OLD). */
  nocache: boolean;
  options: BuildRunOptions;
}

export function newAttempt(now: number): BuildAttempt {
  return { builder: null, buildId: null, reader: null, notes: [], startedAt: now };
}

function readerFor(builder: BuilderKind): BuildStreamReader {
  return builder === 'buildkit'
    ? new BuildKitStreamReader()
    : new TextStreamReader(builder, [CACHE_KEY_LABEL, ARTIFACT_LABEL]);
}

/** Words for a failure that needs a BuildKit session, which builds through the API do not open. */
const NO_SESSION = /no active sessions?|session .*not found|failed to get frontend/i;

export function sessionAdvice(message: string): string | null {
  return NO_SESSION.test(message)
    ? 'This Dockerfile needs a BuildKit session (a # syntax= frontend, a secret or ssh mount, or a private base image), which builds through the Engine API do not have: build with --builder classic, or pull the base images first.'
    : null;
}

/** One progress item per Dockerfile step: `Step 2/4: COPY . /app (CACHED)`, done or running. */
function stepItem(s: BuildStep): TaskItemProgress {
  const done = s.completed !== null;
  return {
    id: s.id,
    label: `${stepLabel(s)}${s.cached ? ' (CACHED)' : ''}`,
    status:
      s.error !== null ? 'failed' : done ? 'done' : s.started === null ? 'waiting' : 'running',
    current: done ? 1 : 0,
    total: 1,
  };
}

/**
 * The network BuildKit's RUN steps get when none was asked: the engine's default, except on an
 * engine without a `bridge` network (dockerd --bridge=none), where BuildKit fails with `network
 * bridge not found` while the classic builder runs the step without a network: `none` there too.
 */
function defaultNetwork(client: DockerClient, signal: AbortSignal): Promise<string | null> {
  return dial(client, {
    path: '/networks/bridge',
    method: 'GET',
    statusCodes: { 200: true, 404: 'no such network' },
    abortSignal: signal,
  }).then(
    () => null,
    (err: unknown) => ((err as { statusCode?: number }).statusCode === 404 ? 'none' : null),
  );
}

/** Asks the daemon to stop a build; the aborted request ends it too, this only hurries it. */
function cancelOnDaemon(client: DockerClient, buildId: string): Promise<void> {
  return dial(client, {
    path: `/build/cancel?`,
    method: 'POST',
    options: { id: buildId },
    statusCodes: { 200: true, 404: 'no such build', 500: 'server error' },
    abortSignal: AbortSignal.timeout(5_000),
  }).then(
    () => undefined,
    () => undefined,
  );
}

/** What the build sends: the hashed entries, and the Dockerfile and `.dockerignore` always. */
function contextOf(hashed: HashedWorkspace) {
  return {
    root: hashed.root,
    entries: hashed.entries,
    alwaysSend: [hashed.dockerfile, '.dockerignore'],
  };
}

const CHANGED_WHILE_SENT = /changed while the build context was being sent/;

/**
 * A BuildKit session serving the context (as `context`, and as `dockerfile`: the Dockerfile path
 * is relative to the context), or null with a note in `notes` when the engine cannot have one.
 */
async function contextSession(
  client: DockerClient,
  hashed: HashedWorkspace,
  signal: AbortSignal,
  notes: string[],
): Promise<BuildSession | null> {
  const context = contextOf(hashed);
  const dir = { root: hashed.root, entries: [...hashed.entries, ...alwaysSentExtras(context)] };
  try {
    return await openSession({
      modem: client.modem,
      dirs: new Map([
        ['context', dir],
        ['dockerfile', dir],
      ]),
      name: 'hangar',
      sharedKeyOf: hashed.root,
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
    notes.push(
      `The whole build context was sent as the request's body: the engine gave no BuildKit session (${(err as Error).message}).`,
    );
    return null;
  }
}

export async function runBuild(
  engine: EngineSource,
  { spec, hashed, tags, nocache, options }: BuildRequest,
  task: TaskContext,
  attempt: BuildAttempt,
): Promise<BuildRun> {
  const t0 = performance.now();
  const builder = chooseBuilder(engine.status(), options.builder);
  const reader = readerFor(builder);
  const buildId = builder === 'buildkit' ? randomUUID() : null;
  Object.assign(attempt, { builder, buildId, reader });
  const own = new AbortController();
  const signal = AbortSignal.any([task.signal, own.signal]);
  const client = engine.eventsClient();
  const session =
    builder === 'buildkit' ? await contextSession(client, hashed, signal, attempt.notes) : null;
  let tarError: Error | null = null;
  const body = session ? Buffer.alloc(0) : contextTar({ ...contextOf(hashed), signal });
  if (!Buffer.isBuffer(body)) {
    body.on('error', (err: Error) => {
      tarError = err;
      own.abort(err);
    });
  }
  const network =
    options.network ??
    (builder === 'buildkit' ? await defaultNetwork(engine.client(), signal) : null);
  const query: BuildOptions = {
    dockerfile: hashed.dockerfile,
    t: [...tags],
    buildargs: spec.buildArgs,
    labels: { [CACHE_KEY_LABEL]: hashed.key, [ARTIFACT_LABEL]: spec.name },
    rm: true,
    forcerm: true,
    ...(builder === 'buildkit' ? { version: '2' as const } : {}),
    ...(builder === 'classic' ? { version: '1' as const } : {}),
    ...(buildId ? { buildid: buildId } : {}),
    ...(network ? { networkmode: network } : {}),
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(nocache ? { nocache: true } : {}),
    ...(session ? { remote: 'client-session', session: session.id } : {}),
  };
  const report = (changed: BuildStep[]) => {
    const own = reader.steps.filter((s) => s.dockerfile);
    // The builder's internal steps leave the lookup's `Cache MISS …: building…` line in place.
    if (own.length === 0 || !changed.some((s) => s.dockerfile)) return;
    const done = own.filter((s) => s.completed !== null).length;
    // BuildKit announces every step before it runs them: the one running is the last started.
    const started = own.filter((s) => s.started !== null);
    const running = [...started].reverse().find((s) => s.completed === null) ?? started.at(-1);
    task.progress({
      percent: Math.min(99, Math.round((done / own.length) * 100)),
      ...(running ? { message: `${stepLabel(running)}${running.cached ? ' (CACHED)' : ''}` } : {}),
      items: own.slice(-40).map(stepItem),
    });
  };
  const onCancel = () => {
    if (buildId) void cancelOnDaemon(engine.client(), buildId);
  };
  task.signal.addEventListener('abort', onCancel, { once: true });
  try {
    const stream = await dial<NodeJS.ReadableStream>(client, {
      path: '/build?',
      method: 'POST',
      options: query as Record<string, unknown>,
      file: body,
      isStream: true,
      abortSignal: signal,
      statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
    });
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => report(reader.push(chunk)));
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', reject);
    });
  } catch (err) {
    if (tarError) throw tarError;
    if (task.signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
    const e = toHangarError(err);
    throw new HangarError(e.code, `The build of ${spec.name} failed: ${e.message}`, e.detail);
  } finally {
    task.signal.removeEventListener('abort', onCancel);
    session?.close();
  }
  report(reader.end());
  if (tarError) throw tarError;
  task.throwIfCancelled();
  const sendFailure = session?.failure();
  if (sendFailure && CHANGED_WHILE_SENT.test(sendFailure.message)) {
    throw new HangarError('CONFLICT_IN_USE', `${sendFailure.message}; build again.`);
  }
  if (reader.failure) {
    const { message, detail } = describeFailure(reader.failure);
    const advice = session ? null : sessionAdvice(reader.failure.message);
    throw new HangarError('INTERNAL', advice ? `${message}. ${advice}` : message, detail);
  }
  const imageId =
    reader.imageId ?? (reader instanceof TextStreamReader ? reader.shortId : null) ?? null;
  if (!imageId) {
    throw new HangarError('INTERNAL', `The build of ${spec.name} ended without an image id.`);
  }
  return {
    imageId,
    buildMs: performance.now() - t0,
    builder,
    buildId,
    steps: reader.steps,
    warnings: [...attempt.notes, ...reader.warnings],
  };
}
