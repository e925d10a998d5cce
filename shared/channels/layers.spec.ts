import { describe, expect, it } from 'vitest';
import { layersSchemas } from './layers.js';

describe('layers channel schemas', () => {
  it('takes an image and a layer number', () => {
    expect(layersSchemas['layers:changes'].parse(['app:1', 2])).toEqual(['app:1', 2]);
  });

  it('says in words what is wrong with a layer, a waste option or a store size', () => {
    const layer = layersSchemas['layers:changes'].safeParse(['app:1', -1]);
    expect(layer.error?.issues[0]?.message).toBe('A layer is 0 (the oldest) or more.');
    const worst = layersSchemas['layers:waste'].safeParse(['app:1', { worst: 1.5 }]);
    expect(worst.error?.issues[0]?.message).toBe('worst is a whole number.');
    const extra = layersSchemas['layers:waste'].safeParse(['app:1', { limit: 3 }]);
    expect(extra.success).toBe(false);
    const size = layersSchemas['layers:setMaxBytes'].safeParse([-5]);
    expect(size.error?.issues[0]?.message).toBe('The layer store size is 0 bytes or more.');
    const image = layersSchemas['layers:diff'].safeParse(['app:1', 'no spaces']);
    expect(image.success).toBe(false);
  });
});
