import { describe, expect, it } from 'vitest';
import { imagesSchemas } from './images.js';

describe('images channel schemas', () => {
  it('images:diskUsage takes nothing or { refresh }', () => {
    const schema = imagesSchemas['images:diskUsage'];
    expect(schema.safeParse([]).success).toBe(true);
    expect(schema.safeParse([{ refresh: true }]).success).toBe(true);
    expect(schema.safeParse([{}]).success).toBe(true);
    const bad = schema.safeParse([{ refresh: 'yes' }]);
    expect(bad.success).toBe(false);
    expect(schema.safeParse([{ refresh: true, extra: 1 }]).success).toBe(false);
    expect(schema.safeParse([{}, {}]).success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('refresh is true or false.');
  });

  it('images:layers takes one image id or reference', () => {
    const schema = imagesSchemas['images:layers'];
    expect(schema.safeParse(['shop/api:1.8']).success).toBe(true);
    expect(schema.safeParse(['sha256:abc']).success).toBe(true);
    expect(schema.safeParse(['']).success).toBe(false);
    expect(schema.safeParse(['bad name!']).success).toBe(false);
    expect(schema.safeParse([]).success).toBe(false);
  });
});
