import dockerignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { ignoreRules } from './ignore-rules.js';

/** The library's own answer over the whole file: the oracle the fast path must agree with. */
function oracle(text: string): (rel: string) => boolean {
  const m = dockerignore.default({ ignorecase: false }).add(text);
  return (rel) => m.ignores(rel);
}

const PATHS = [
  'a.txt',
  'a.tmp',
  'README.md',
  'readme.md',
  'src',
  'src/a.tmp',
  'src/main.ts',
  'src/lib/x.ts',
  'src/lib/deep/y.tmp',
  'node_modules',
  'node_modules/pkg/index.js',
  'docs',
  'docs/keep.md',
  'docs/other.md',
  'docs/sub/keep.md',
  'build/out/app.js',
  'build/out',
  '.git',
  '.git/HEAD',
  'x/.git/HEAD',
  'dir.d/file',
  'a?c',
  'abc',
  'a/b/c/d/e/f.log',
];

const RULESETS = [
  '',
  '*.tmp',
  '**/*.tmp',
  'node_modules\n.git\n',
  'docs\n!docs/keep.md\n',
  'docs/*\n!docs/keep.md\n',
  '*\n!src\n',
  'src/lib\n!src/lib/x.ts\n',
  '/build/\n*.md\n!README.md\n',
  'a?c\n[ab]bc\n',
  '# comment\n #not-a-comment\n  *.log  \n',
  '**/deep\nx/**\n',
  './a.txt\nsrc/../docs\n',
  '*/*/deep\n!src/lib/deep/y.tmp\n',
  'src\n!src/**/*.ts\n',
];

describe('ignoreRules', () => {
  it.each(RULESETS)('agrees with @balena/dockerignore on every path for %j', (text) => {
    const fast = ignoreRules(text);
    const slow = oracle(text);
    for (const p of PATHS) expect([p, fast.ignores(p)]).toEqual([p, slow(p)]);
  });

  it('knows when exceptions force walking excluded folders', () => {
    expect(ignoreRules('docs\n!docs/keep.md').hasExceptions).toBe(true);
    expect(ignoreRules('docs\n*.log').hasExceptions).toBe(false);
    expect(ignoreRules('# x\n\n  \n*.log\n').patterns).toEqual(['*.log']);
  });
});
