import { describe, expect, it } from 'vitest';
import { HangarError } from '../../shared/errors.js';
import { errorCodeOf, errorMessage, errorWords } from './errors.js';

describe('errorWords', () => {
  it('tells to log in when the registry refused, naming it', () => {
    const err = new HangarError('AUTH_FAILED', 'localhost:5000 refused the credentials');
    expect(errorWords(err, 'localhost:5000')).toBe(
      'localhost:5000 refused the credentials. Run docker login localhost:5000 (Hangar uses the docker CLI’s credentials), then try again.',
    );
    expect(errorWords({ code: 'AUTH_FAILED', message: 'denied.' })).toContain(
      'Run docker login (Hangar',
    );
  });

  it('passes other errors through in their own words', () => {
    const err = new HangarError('CONFLICT_IN_USE', 'Image app:1 is used by container web-1.');
    expect(errorWords(err)).toBe('Image app:1 is used by container web-1.');
    expect(errorWords({ code: 'ENGINE_UNREACHABLE', message: 'Cannot reach Docker' })).toBe(
      'Cannot reach Docker. Check that Docker is running, then try again.',
    );
    expect(errorWords(new Error('socket hang up'))).toBe('socket hang up');
    expect(errorWords('nonsense')).toMatch(/Something went wrong/);
  });

  it('reads the code of an error or an envelope, and nothing else', () => {
    expect(errorCodeOf(new HangarError('NOT_FOUND', 'x'))).toBe('NOT_FOUND');
    expect(errorCodeOf({ code: 'BOGUS', message: 'x' })).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
  });
});

describe('errorMessage', () => {
  it('gives an error’s own sentence, else a generic one', () => {
    expect(errorMessage(new HangarError('NOT_FOUND', 'No such image.'))).toBe('No such image.');
    expect(errorMessage(new Error(''))).toMatch(/Something went wrong/);
    expect(errorMessage(42)).toMatch(/Something went wrong/);
  });
});
