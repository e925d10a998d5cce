import { describe, expect, it } from 'vitest';
import { anchorAt, anchorShift } from './use-scroll-anchor.js';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('scroll anchoring', () => {
  it('anchors on the row at the scroll offset', () => {
    expect(anchorAt(0, rows('a', 'b', 'c'), 10)).toEqual({ id: 'a', index: 0 });
    expect(anchorAt(25, rows('a', 'b', 'c'), 10)).toEqual({ id: 'c', index: 2 });
    expect(anchorAt(40, rows('a', 'b', 'c'), 10)).toBeNull();
  });

  it('scrolls down by the rows inserted above the anchor, up by the rows removed', () => {
    const anchor = { id: 'c', index: 2 };
    expect(anchorShift(anchor, rows('x', 'y', 'a', 'b', 'c'), 25, 10)).toBe(20);
    expect(anchorShift(anchor, rows('b', 'c'), 25, 10)).toBe(-10);
  });

  it('does nothing at the top, when the row did not move, or when it is gone', () => {
    expect(anchorShift({ id: 'a', index: 0 }, rows('n', 'a'), 0, 10)).toBe(0);
    expect(anchorShift({ id: 'b', index: 1 }, rows('a', 'b', 'n'), 15, 10)).toBe(0);
    expect(anchorShift({ id: 'b', index: 1 }, rows('a', 'c'), 15, 10)).toBe(0);
    expect(anchorShift(null, rows('a'), 15, 10)).toBe(0);
  });
});
