import { describe, expect, it } from 'vitest';
import {
  EMPTY_FORM,
  cliCommand,
  formToSpec,
  parseBuildArgRows,
  parseNameTag,
  parseTtlHours,
  type BuildForm,
} from './build-form.js';

const row = (id: number, name: string, value: string) => ({ id, name, value });

describe('parseBuildArgRows', () => {
  it('reads NAME=value rows, skipping empty ones and splitting a pasted NAME=value', () => {
    expect(
      parseBuildArgRows([
        row(1, 'VERSION', '1.2'),
        row(2, '', ''),
        row(3, 'GOFLAGS=-mod=vendor', ''),
        row(4, 'EMPTY', ''),
      ]),
    ).toEqual({ args: { VERSION: '1.2', GOFLAGS: '-mod=vendor', EMPTY: '' }, error: null });
  });

  it('refuses a bad name, a missing name and a name given twice, in words', () => {
    expect(parseBuildArgRows([row(1, '9LIVES', 'x')]).error).toBe(
      '“9LIVES” is not a build arg name: letters, digits and _, not starting with a digit.',
    );
    expect(parseBuildArgRows([row(1, '', 'orphan')]).error).toBe(
      'The build arg with value “orphan” has no name.',
    );
    expect(parseBuildArgRows([row(1, 'A', '1'), row(2, ' A ', '2')]).error).toBe(
      'The build arg A is given twice.',
    );
  });
});

describe('parseNameTag', () => {
  it('reads NAME[:TAG] like hangar build -t: latest when no tag, familiar names', () => {
    expect(parseNameTag(' app ')).toEqual({ ok: true, name: 'app', tag: 'app:latest' });
    expect(parseNameTag('docker.io/library/app:dev')).toEqual({
      ok: true,
      name: 'app',
      tag: 'app:dev',
    });
    expect(parseNameTag('localhost:5000/team/api:1')).toEqual({
      ok: true,
      name: 'localhost:5000/team/api',
      tag: 'localhost:5000/team/api:1',
    });
  });

  it('says what is wrong with a bad name', () => {
    expect(parseNameTag('')).toEqual({
      ok: false,
      error: 'Name the image to build, such as app or app:dev.',
    });
    const upper = parseNameTag('My/App');
    expect(upper.ok).toBe(false);
    if (!upper.ok) expect(upper.error).toMatch(/^“My\/App” is not an image name: .*lowercase/);
    expect(parseNameTag('app@sha256:' + 'a'.repeat(64)).ok).toBe(false);
  });
});

describe('parseTtlHours', () => {
  it('takes empty as none and positive hours', () => {
    expect(parseTtlHours('  ')).toEqual({ ok: true, hours: null });
    expect(parseTtlHours('1.5')).toEqual({ ok: true, hours: 1.5 });
  });

  it('refuses zero, negatives, words and more than 100 years', () => {
    for (const bad of ['0', '-3', '2h', 'soon']) {
      expect(parseTtlHours(bad)).toEqual({
        ok: false,
        error: `The TTL is a number of hours above 0, not “${bad}”.`,
      });
    }
    expect(parseTtlHours('900000').ok).toBe(false);
  });
});

describe('formToSpec', () => {
  const form: BuildForm = {
    ...EMPTY_FORM,
    context: '/src/app',
    tag: 'app:dev',
    buildArgs: [row(1, 'VERSION', '2')],
    target: 'prod',
    ttl: '24',
  };

  it('builds the artifact spec the core takes', () => {
    expect(formToSpec(form)).toEqual({
      ok: true,
      spec: {
        name: 'app',
        context: '/src/app',
        dockerfile: 'Dockerfile',
        target: 'prod',
        buildArgs: { VERSION: '2' },
        platform: null,
        tags: ['app:dev'],
        ttlHours: 24,
      },
    });
  });

  it('falls back to Dockerfile and no target when they are left empty', () => {
    const r = formToSpec({ ...form, dockerfile: ' ', target: '' });
    expect(r.ok && r.spec.dockerfile).toBe('Dockerfile');
    expect(r.ok && r.spec.target).toBeNull();
  });

  it('says what is wrong, field by field', () => {
    const r = formToSpec({
      ...form,
      context: 'src/app',
      tag: '',
      buildArgs: [row(1, '1X', '')],
      target: '-bad',
      ttl: 'x',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['buildArgs', 'context', 'tag', 'target', 'ttl']);
    expect(r.errors.context).toBe(
      'The folder is an absolute path (starting with /), not “src/app”.',
    );
    expect(formToSpec({ ...form, context: '' }).ok).toBe(false);
  });

  it('takes a Windows path as absolute', () => {
    expect(formToSpec({ ...form, context: 'C:\\src\\app' }).ok).toBe(true);
  });
});

describe('cliCommand', () => {
  it('writes the same build for a terminal, quoting what the shell would split', () => {
    const r = formToSpec({
      ...EMPTY_FORM,
      context: '/src/my app',
      tag: 'app',
      dockerfile: 'docker/prod.Dockerfile',
      buildArgs: [row(1, 'MSG', "it's here")],
      ttl: '2',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cliCommand(r.spec)).toBe(
      "hangar build '/src/my app' -t app:latest --file docker/prod.Dockerfile --build-arg 'MSG=it'\\''s here' --ttl 2",
    );
  });
});
