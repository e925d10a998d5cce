import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { parseCli } from '../args.js';
import { UsageError } from '../errors.js';

describe('hangar pull', () => {
  it('normalises the reference before anything runs', () => {
    expect(parseCli(['pull', 'postgres'])).toMatchObject({
      cmd: { ref: 'docker.io/library/postgres:latest', platform: null, json: false },
    });
    expect(parseCli(['pull', 'me/app:1', '--platform', 'linux/arm/v7', '--json'])).toMatchObject({
      cmd: { ref: 'docker.io/me/app:1', platform: 'linux/arm/v7', json: true },
    });
  });

  it('refuses a malformed reference as INVALID_REFERENCE and a bad platform in words', () => {
    expect(() => parseCli(['pull', 'Bad//Name'])).toThrow(HangarError);
    expect(() => parseCli(['pull', 'Bad//Name'])).toThrow(/invalid|must/i);
    expect(() => parseCli(['pull', 'app', '--platform', 'arm64'])).toThrow(UsageError);
    expect(() => parseCli(['pull'])).toThrow('pull needs a REF');
  });
});
