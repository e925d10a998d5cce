import { describe, expect, it } from 'vitest';
import { registryCacheSchemas } from '../../../shared/channels/registry-cache.js';
import type { Handlers } from '../../../shared/contract.js';
import type { Core } from '../../core/core.js';
import { UsageError } from '../errors.js';
import { run } from '../run.js';
import { registryCacheCommand } from './registry-cache.js';
import { fakeCliDeps } from '../../../test/support/cli-deps.js';

describe('registry-cache parse', () => {
  it('reads ls with --ttl and --json, and rm', () => {
    expect(registryCacheCommand.parse({ ttl: '1.5', json: true }, ['ls', 'r:5000/a/b'])).toEqual({
      action: 'ls',
      location: 'r:5000/a/b',
      ttlHours: 1.5,
      match: null,
      json: true,
    });
    expect(registryCacheCommand.parse({ match: ' web  api ' }, ['ls', 'r:5000/a/b'])).toMatchObject(
      { action: 'ls', match: 'web  api' },
    );
    expect(registryCacheCommand.parse({}, ['rm', 'r:5000/a/b:k'])).toEqual({
      action: 'rm',
      ref: 'r:5000/a/b:k',
      dryRun: false,
      yes: false,
      json: false,
    });
    expect(registryCacheCommand.parse({ yes: true }, ['rm', 'r:5000/a/b:k'])).toMatchObject({
      action: 'rm',
      yes: true,
    });
    expect(() => registryCacheCommand.parse({ yes: true }, ['ls', 'r/a'])).toThrow(
      '--yes goes with rm, not ls',
    );
    expect(registryCacheCommand.parse({ 'dry-run': true }, ['rm', 'r:5000/a/b:k'])).toMatchObject({
      action: 'rm',
      dryRun: true,
    });
  });

  it('refuses a missing action, target, bad --ttl, and --ttl on rm', () => {
    expect(() => registryCacheCommand.parse({}, [])).toThrow(UsageError);
    expect(() => registryCacheCommand.parse({}, ['ls'])).toThrow('needs REGISTRY/REPO');
    expect(() => registryCacheCommand.parse({ ttl: '-1' }, ['ls', 'r/a'])).toThrow('--ttl');
    expect(() => registryCacheCommand.parse({ ttl: '0' }, ['ls', 'r/a'])).toThrow('--ttl');
    expect(() => registryCacheCommand.parse({ ttl: '2' }, ['rm', 'r/a:k'])).toThrow('with ls');
    expect(() => registryCacheCommand.parse({ match: 'x' }, ['rm', 'r/a:k'])).toThrow('with ls');
    expect(() => registryCacheCommand.parse({ match: 'x' }, ['config'])).toThrow('with ls');
    expect(() => registryCacheCommand.parse({ 'dry-run': true }, ['ls', 'r/a'])).toThrow('with rm');
    expect(() => registryCacheCommand.parse({ 'dry-run': true }, ['config'])).toThrow('with rm');
    expect(() => registryCacheCommand.parse({}, ['ls', 'r/a', 'x'])).toThrow(
      "unexpected argument 'x'",
    );
  });
});

describe('registryCache schemas', () => {
  const list = registryCacheSchemas['registryCache:list'];
  const ok = { location: 'localhost:5000/team/cache', cursor: null, limit: 50, ttlHours: 24 };
  const message = (args: unknown[]) => list.safeParse(args).error?.issues[0]?.message;

  it('accepts a cache location and says what is wrong otherwise', () => {
    expect(list.safeParse([ok]).success).toBe(true);
    expect(message([{ ...ok, location: 'cache' }])).toMatch(/REGISTRY\/REPO/);
    expect(message([{ ...ok, limit: 501 }])).toBe('limit is at most 500 tags per page.');
    expect(message([{ ...ok, ttlHours: 0 }])).toBe('ttlHours is more than 0 hours.');
    expect(message([{ ...ok, extra: 1 }])).toBeDefined();
    expect(list.safeParse([{ ...ok, match: 'web api' }]).success).toBe(true);
    expect(message([{ ...ok, match: 'x'.repeat(201) }])).toBe(
      'A search is at most 200 characters.',
    );
    expect(message([{ ...ok, match: 7 }])).toBe(
      'match is the words to search the keys and artifacts for.',
    );
  });

  it('takes tag and digest references for inspect and delete', () => {
    const del = registryCacheSchemas['registryCache:delete'];
    expect(del.safeParse(['localhost:5000/team/cache:abc']).success).toBe(true);
    expect(del.safeParse([`r.io/a/b@sha256:${'0'.repeat(64)}`]).success).toBe(true);
    expect(del.safeParse(['localhost:5000/team/cache']).error?.issues[0]?.message).toMatch(
      /REGISTRY\/REPO\[\/NAMESPACE\]:KEY/,
    );
  });
});

const DIGEST = `sha256:${'d'.repeat(64)}`;
const LOC = 'localhost:5000/cache/ns';

/** A core answering what `registry-cache rm` asks: the digest, its two tags, the delete. */
function rmCore() {
  const deleted: string[] = [];
  const handlers = {
    'registryCache:inspect': async () => ({
      registry: 'localhost:5000',
      repository: 'cache/ns',
      digest: DIGEST,
    }),
    'registryCache:digestTags': async () => ({
      reference: `${LOC}@${DIGEST}`,
      digest: DIGEST,
      keys: ['key-a', 'key-b'],
      checked: 3,
      unread: [],
    }),
    'registryCache:delete': async (ref: string) => {
      deleted.push(ref);
      return { reference: ref, digest: DIGEST, message: 'Deleted.' };
    },
  } as unknown as Handlers;
  const core: Core = {
    handlers,
    subscribe: () => () => {},
    ready: async () => {},
    close: async () => {},
  };
  return { core, deleted };
}

describe('registry-cache rm: confirmation, as prune', () => {
  const what = `${LOC}@${DIGEST} (2 tags: key-a, key-b)`;

  it('refuses without --yes when stdin is not a terminal, after naming what would go', async () => {
    const { core, deleted } = rmCore();
    const h = fakeCliDeps(core, false);
    expect(await run(['registry-cache', 'rm', `${LOC}:key-a`], h.d)).toBe(2);
    expect(h.err()).toBe(
      `hangar: refusing to delete ${what} without --yes: stdin is not a terminal (try --dry-run)\n`,
    );
    expect(h.out()).toBe('');
    expect(deleted).toEqual([]);
  });

  it('deletes with --yes, and on a terminal only after a yes', async () => {
    const yes = rmCore();
    const h1 = fakeCliDeps(yes.core, false);
    expect(await run(['registry-cache', 'rm', `${LOC}:key-a`, '--yes'], h1.d)).toBe(0);
    expect(yes.deleted).toEqual([`${LOC}@${DIGEST}`]);

    const no = rmCore();
    const h2 = fakeCliDeps(no.core, true, 'n');
    expect(await run(['registry-cache', 'rm', `${LOC}:key-a`], h2.d)).toBe(1);
    expect(h2.asked).toEqual([`Delete ${what}? [y/N] `]);
    expect(h2.err()).toBe(
      `2 tags of 3 point at ${LOC}@${DIGEST}: key-a, key-b.\nhangar: nothing deleted\n`,
    );
    expect(no.deleted).toEqual([]);

    const asked = rmCore();
    const h3 = fakeCliDeps(asked.core, true, 'yes');
    expect(await run(['registry-cache', 'rm', `${LOC}:key-a`], h3.d)).toBe(0);
    expect(asked.deleted).toEqual([`${LOC}@${DIGEST}`]);
  });
});
