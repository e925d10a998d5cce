/**
 * The engine's own CLI as the oracle for the index: what `docker images -a`, `docker images -f
 * dangling=true` and `docker inspect` of every container say (or the same commands of `podman`,
 * which takes the same syntax), in the index's own shape, so a test can compare the two with one
 * `toEqual`.
 */
import type { ImageRecord } from '../../shared/model.js';

export interface OracleView {
  /** image id → sorted familiar tags */
  tags: Record<string, string[]>;
  /** sorted ids of dangling images */
  dangling: string[];
  /** image id → sorted `name:state` of containers created from it */
  containers: Record<string, string[]>;
}

type DockerCli = (args: string[]) => Promise<{ stdout: string }>;

/** An id as Docker prints it: Podman's CLI prints some (inspect `.Id`, `.Image`) as bare hex. */
export function withAlgorithm(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

export async function oracleView(docker: DockerCli): Promise<OracleView> {
  const [images, dangling, ps] = await Promise.all([
    docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}} {{.Tag}}']),
    docker(['images', '-q', '--no-trunc', '-f', 'dangling=true']),
    docker(['ps', '-aq', '--no-trunc']),
  ]);
  const tags: Record<string, string[]> = {};
  for (const line of lines(images.stdout)) {
    const [id, repo, tag] = line.split(' ') as [string, string, string];
    tags[id] ??= [];
    if (repo !== '<none>' && tag !== '<none>') tags[id].push(`${repo}:${tag}`);
  }
  for (const id of Object.keys(tags)) tags[id] = [...new Set(tags[id])].sort();

  const containers: Record<string, string[]> = {};
  const ids = lines(ps.stdout);
  if (ids.length > 0) {
    const inspect = await docker([
      'inspect',
      '--format',
      '{{.Image}} {{.Name}} {{.State.Status}}',
      ...ids,
    ]);
    for (const line of lines(inspect.stdout)) {
      const [image, name, state] = line.split(' ') as [string, string, string];
      // Podman's container inspect gives the image id as bare hex.
      (containers[withAlgorithm(image)] ??= []).push(`${name.replace(/^\//, '')}:${state}`);
    }
    for (const list of Object.values(containers)) list.sort();
  }
  // A container whose image was force-removed points at an id no image has: nothing to show.
  for (const id of Object.keys(containers)) if (!(id in tags)) delete containers[id];
  return { tags, dangling: [...new Set(lines(dangling.stdout))].sort(), containers };
}

export function indexView(images: readonly ImageRecord[]): OracleView {
  const tags: Record<string, string[]> = {};
  const containers: Record<string, string[]> = {};
  const dangling: string[] = [];
  for (const r of images) {
    tags[r.id] = [...r.repoTags].sort();
    if (r.dangling) dangling.push(r.id);
    if (r.containers.length > 0) {
      containers[r.id] = r.containers.map((c) => `${c.name}:${c.state}`).sort();
    }
  }
  return { tags, dangling: dangling.sort(), containers };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Polls until `check` returns true or the deadline passes; returns the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** The image id the engine's CLI gives `ref`, or null when it has no such image. */
export async function imageIdOf(
  engine: {
    cli(args: string[], options: { allowFail: true }): Promise<{ code: number; stdout: string }>;
  },
  ref: string,
): Promise<string | null> {
  const r = await engine.cli(['image', 'inspect', '--format', '{{.Id}}', ref], { allowFail: true });
  return r.code === 0 ? r.stdout.trim() : null;
}
