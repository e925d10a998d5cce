/**
 * The "Build through cache" form as plain data, and how it becomes an `ArtifactSpec`: the
 * `NAME[:TAG]` field read like `hangar build -t` (the artifact is the repository; the image is also
 * tagged `NAME:TAG`, `latest` when no tag is given), build-arg rows checked one by one, and the
 * TTL in hours. Every problem comes back in words, by field. Pure functions, no DOM.
 */
import { artifactSpec, type ArtifactSpec } from '../../../shared/artifacts.js';
import { parseTagTarget } from '../../../shared/reference.js';

export interface BuildArgRow {
  /** Stable React key. */
  id: number;
  name: string;
  value: string;
}

export interface BuildForm {
  /** Absolute path of the build context folder. */
  context: string;
  /** Relative to the context. */
  dockerfile: string;
  /** `NAME[:TAG]`. */
  tag: string;
  buildArgs: BuildArgRow[];
  target: string;
  /** Hours, or empty for the artifact's remembered TTL (else the setting). */
  ttl: string;
}

export type BuildField = 'context' | 'dockerfile' | 'tag' | 'buildArgs' | 'target' | 'ttl';

export type FormErrors = Partial<Record<BuildField, string>>;

export const EMPTY_FORM: BuildForm = {
  context: '',
  dockerfile: 'Dockerfile',
  tag: '',
  buildArgs: [],
  target: '',
  ttl: '',
};

export const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Build-arg rows into `{NAME: value}`. A row with neither name nor value is ignored; a name typed
 * as `NAME=value` (pasted from a command line) is split there.
 */
export function parseBuildArgRows(rows: readonly BuildArgRow[]): {
  args: Record<string, string>;
  error: string | null;
} {
  const args: Record<string, string> = {};
  for (const row of rows) {
    let name = row.name.trim();
    let value = row.value;
    if (name === '' && value === '') continue;
    const eq = name.indexOf('=');
    if (eq !== -1 && value === '') {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name === '') return { args, error: `The build arg with value “${value}” has no name.` };
    if (!BUILD_ARG_NAME.test(name)) {
      return {
        args,
        error: `“${name}” is not a build arg name: letters, digits and _, not starting with a digit.`,
      };
    }
    if (Object.hasOwn(args, name)) return { args, error: `The build arg ${name} is given twice.` };
    args[name] = value;
  }
  return { args, error: null };
}

/** `NAME[:TAG]` → the artifact (repository, familiar) and the tag to put on the image. */
export function parseNameTag(
  text: string,
): { ok: true; name: string; tag: string } | { ok: false; error: string } {
  const input = text.trim();
  if (input === '') return { ok: false, error: 'Name the image to build, such as app or app:dev.' };
  const parsed = parseTagTarget(input);
  if (!parsed.ok) return { ok: false, error: `“${input}” is not an image name: ${parsed.error}.` };
  const { familiarName, tag } = parsed.ref;
  return { ok: true, name: familiarName, tag: `${familiarName}:${tag ?? 'latest'}` };
}

/** Hours as typed: empty is null (the remembered TTL, else the setting). */
export function parseTtlHours(
  text: string,
): { ok: true; hours: number | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, hours: null };
  const n = Number(t);
  if (!/^\d+(?:\.\d+)?$/.test(t) || !(n > 0)) {
    return { ok: false, error: `The TTL is a number of hours above 0, not “${t}”.` };
  }
  if (n > 876_000) return { ok: false, error: 'The TTL is at most 876,000 hours (100 years).' };
  return { ok: true, hours: n };
}

/** The form as an `ArtifactSpec`, or what is wrong with it, field by field. */
export function formToSpec(
  form: BuildForm,
): { ok: true; spec: ArtifactSpec } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const context = form.context.trim();
  if (context === '') errors.context = 'Give the build context folder, as an absolute path.';
  else if (!ABSOLUTE_PATH.test(context)) {
    errors.context = `The folder is an absolute path (starting with /), not “${context}”.`;
  }
  const dockerfile = form.dockerfile.trim() || 'Dockerfile';
  const nameTag = parseNameTag(form.tag);
  if (!nameTag.ok) errors.tag = nameTag.error;
  const { args, error: argsError } = parseBuildArgRows(form.buildArgs);
  if (argsError) errors.buildArgs = argsError;
  const target = form.target.trim();
  if (target !== '' && !STAGE.test(target)) {
    errors.target = `The target is a build stage name such as prod, not “${target}”.`;
  }
  const ttl = parseTtlHours(form.ttl);
  if (!ttl.ok) errors.ttl = ttl.error;
  if (Object.keys(errors).length > 0 || !nameTag.ok || !ttl.ok) return { ok: false, errors };
  return {
    ok: true,
    spec: artifactSpec({
      name: nameTag.name,
      context,
      dockerfile,
      target: target === '' ? null : target,
      buildArgs: args,
      tags: [nameTag.tag],
      ttlHours: ttl.hours,
    }),
  };
}

/** The same build on the command line, for the CI: `hangar build /src -t app:dev --build-arg …`. */
export function cliCommand(spec: ArtifactSpec): string {
  const q = (s: string): string =>
    /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['hangar', 'build', q(spec.context), '-t', q(spec.tags[0] ?? spec.name)];
  if (spec.dockerfile !== 'Dockerfile') parts.push('--file', q(spec.dockerfile));
  for (const [k, v] of Object.entries(spec.buildArgs)) parts.push('--build-arg', q(`${k}=${v}`));
  if (spec.target) parts.push('--target', q(spec.target));
  if (spec.ttlHours !== null) parts.push('--ttl', String(spec.ttlHours));
  return parts.join(' ');
}
