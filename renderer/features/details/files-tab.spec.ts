import { describe, expect, it } from 'vitest';
import type { TreeFile } from '../../../shared/layers.js';
import { visibleFiles } from './files-tab.js';

const file = (path: string, layer: number, type: TreeFile['type'] = 'file'): TreeFile => ({
  path,
  type,
  mode: type === 'dir' ? 0o755 : 0o644,
  size: 10,
  link: null,
  layer,
});

describe('Files tab', () => {
  const files = [file('etc', 0, 'dir'), file('etc/app.conf', 1), file('bin/Tool', 0)];

  it('filters by path, ignoring case, and by the layer that last wrote a file', () => {
    expect(visibleFiles(files, 'TOOL', null).map((f) => f.path)).toEqual(['bin/Tool']);
    expect(visibleFiles(files, '', 1).map((f) => f.path)).toEqual(['etc/app.conf']);
    expect(visibleFiles(files, 'etc', 0).map((f) => f.path)).toEqual(['etc']);
    expect(visibleFiles(files, '  ', null)).toHaveLength(3);
  });
});
