/**
 * Which artifact's build made or last used a build cache record, where Hangar's own build records
 * can tell: a record made by a `RUN` (`mount / from exec /bin/sh -c npm ci`) or its cache mount
 * (`cached mount /root/.npm from exec /bin/sh -c npm ci`) is matched against the `RUN` steps of
 * the builds that ran while it was made or last used. Only when every such build belongs to one
 * artifact is the record attributed; otherwise it stays unknown (null).
 */
import type { BuildCacheAttribution, BuildCacheRecord } from '../../../shared/build-cache.js';
import type { BuildRecord } from '../../../shared/builds.js';

/** The daemon's clock and Hangar's may differ a little; a step's window is widened by this. */
const SLACK_MS = 2_000;

/** What a description says ran: the command line and, for a cache mount, its target. */
export function execOfDescription(
  description: string,
): { command: string; cacheMount: string | null } | null {
  const m = /^(?:cached mount (\S+)|mount \S+) from exec (.+)$/s.exec(description.trim());
  const command = m?.[2]?.trim();
  return command ? { command, cacheMount: m?.[1] ?? null } : null;
}

/**
 * Whether a `RUN` step ran this command line: the same words (exec form), or the step's text
 * behind the shell's `-c` (shell form: `/bin/sh -c npm ci`, or a `SHELL` such as
 * `/bin/busybox sh -c npm ci`).
 */
export function ranCommand(execLine: string, stepCommand: string): boolean {
  return execLine === stepCommand || execLine.endsWith(` -c ${stepCommand}`);
}

/** A `RUN` step's command without its flags: `[2/3] RUN --mount=… npm ci` → `npm ci`. */
export function runCommandOfStep(name: string): string | null {
  const m = /^(?:\[[^\]]*\]\s+)?RUN\s+(.*)$/s.exec(name.trim());
  if (!m) return null;
  let rest = (m[1] ?? '').trim();
  while (/^--[a-z-]+=\S+\s/.test(rest)) rest = rest.replace(/^--[a-z-]+=\S+\s+/, '');
  const exec = /^\[(.*)\]$/.exec(rest);
  if (exec) {
    try {
      const argv: unknown = JSON.parse(rest);
      if (Array.isArray(argv)) return argv.map(String).join(' ');
    } catch {
      return exec[1] ?? null;
    }
  }
  return rest || null;
}

interface Match {
  artifact: string;
  step: string;
  buildRecordId: number;
}

/** The attribution of one record, or null when the builds do not name exactly one artifact. */
export function attribute(
  record: Pick<BuildCacheRecord, 'description' | 'createdAt' | 'lastUsedAt'>,
  builds: readonly BuildRecord[],
): BuildCacheAttribution | null {
  const exec = execOfDescription(record.description);
  if (!exec) return null;
  const times = [record.createdAt, record.lastUsedAt].filter((t): t is number => t !== null);
  if (times.length === 0) return null;
  const matches: Match[] = [];
  for (const build of builds) {
    const start = build.startedAt - SLACK_MS;
    const end = build.startedAt + build.durationMs + SLACK_MS;
    if (!times.some((t) => t >= start && t <= end)) continue;
    for (const step of build.steps) {
      const command = runCommandOfStep(step.name);
      if (command === null || !ranCommand(exec.command, command)) continue;
      matches.push({
        artifact: build.artifact,
        step: exec.cacheMount ? `cache mount ${exec.cacheMount}` : `RUN ${command}`,
        buildRecordId: build.id,
      });
    }
  }
  const artifacts = new Set(matches.map((m) => m.artifact));
  if (artifacts.size !== 1) return null;
  // The latest build of that artifact names the step.
  const latest = matches.reduce((a, b) => (b.buildRecordId > a.buildRecordId ? b : a));
  return { artifact: latest.artifact, step: latest.step, buildRecordId: latest.buildRecordId };
}
