import { describe, expect, it } from 'vitest';
import { FTL_FILE_MAX_BYTES } from '../../../shared/history.js';
import { FTL_FILE_LIMIT_TEXT, readPickedFiles } from './ftl-files.js';

describe('readPickedFiles', () => {
  it('reads each picked file with its name and time', async () => {
    const file = new File(['{"a":1}'], 'stats.json', { lastModified: 1_700_000_000_000 });
    expect(await readPickedFiles([file])).toEqual([
      { name: 'stats.json', text: '{"a":1}', modifiedAt: 1_700_000_000_000 },
    ]);
  });

  it('takes a file at the limit and refuses one over it by name, in words', async () => {
    expect(FTL_FILE_LIMIT_TEXT).toBe('16 MiB');
    const atLimit = new File([new Uint8Array(FTL_FILE_MAX_BYTES).fill(32)], 'ok.json');
    expect((await readPickedFiles([atLimit]))[0]?.text).toHaveLength(FTL_FILE_MAX_BYTES);
    const over = new File([new Uint8Array(FTL_FILE_MAX_BYTES + 1)], 'big.json');
    await expect(readPickedFiles([atLimit, over])).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'big.json is 16,777,217 bytes: an FTL file to import is at most 16 MiB.',
    });
  });
});
