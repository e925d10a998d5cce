import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../engine/docker-client.js';
import { instructionOf, toImageLayers } from './layers.js';

// `docker history` of a classic build `FROM bb:1` + ENV + RUN + CMD, as 20.10 answers it.
const history: HistoryEntry[] = [
  {
    Id: 'sha256:ed97',
    Created: 15,
    CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]',
    Size: 0,
    Tags: ['bb:2'],
    Comment: '',
  },
  {
    Id: 'sha256:d2c1',
    Created: 14,
    CreatedBy: '/bin/busybox true',
    Size: 0,
    Tags: null,
    Comment: '',
  },
  { Id: 'sha256:0cb2', Created: 13, CreatedBy: '/bin/sh -c #(nop)  ENV A=1', Size: 0, Tags: null },
  {
    Id: '<missing>',
    Created: 11,
    CreatedBy: '/bin/sh -c #(nop) COPY file:73e2 in /bin/busybox ',
    Size: 1982256,
    Tags: null,
    Comment: 'seed',
  },
];

describe('toImageLayers', () => {
  it('lists the steps oldest first, with <missing> ids as null and tags as arrays', () => {
    const result = toImageLayers('sha256:ed97', history, 1);
    expect(result.layers.map((l) => l.created)).toEqual([11, 13, 14, 15]);
    expect(result.layers[0]).toEqual({
      id: null,
      created: 11,
      createdBy: '/bin/sh -c #(nop) COPY file:73e2 in /bin/busybox ',
      instruction: 'COPY',
      size: 1982256,
      empty: false,
      tags: [],
      comment: 'seed',
    });
    expect(result.layers[3]?.tags).toEqual(['bb:2']);
    expect(result.layers[2]?.comment).toBe('');
  });

  it('marks every zero-size step empty when the sized steps account for every layer', () => {
    const result = toImageLayers('sha256:ed97', history, 1);
    expect(result.emptyExact).toBe(true);
    expect(result.layers.map((l) => l.empty)).toEqual([false, true, true, true]);
  });

  it('counts a zero-size RUN as the layer that was missing, exactly', () => {
    // Two layers, one of them sized: the RUN with no changes made the other one.
    const result = toImageLayers('sha256:ed97', history, 2);
    expect(result.emptyExact).toBe(true);
    expect(result.layers.map((l) => [l.instruction, l.empty])).toEqual([
      ['COPY', false],
      ['ENV', true],
      ['RUN', false],
      ['CMD', true],
    ]);
  });

  it('counts zero-size writers as layers, and says it guessed, when counting cannot tell', () => {
    const withWorkdir: HistoryEntry[] = [
      { CreatedBy: '/bin/sh -c #(nop) WORKDIR /app', Size: 0, Created: 16 },
      ...history,
    ];
    // Two layers, one sized, two zero-size writers (WORKDIR, RUN): one of them made the layer.
    const result = toImageLayers('sha256:ed97', withWorkdir, 2);
    expect(result.emptyExact).toBe(false);
    expect(result.layers.filter((l) => !l.empty).map((l) => l.instruction)).toEqual([
      'COPY',
      'RUN',
      'WORKDIR',
    ]);
  });

  it('takes missing fields as zero and empty', () => {
    const result = toImageLayers('sha256:x', [{}], 0);
    expect(result.layers).toEqual([
      {
        id: null,
        created: 0,
        createdBy: '',
        instruction: 'RUN',
        size: 0,
        empty: true,
        tags: [],
        comment: '',
      },
    ]);
  });
});

describe('instructionOf', () => {
  it('reads classic-builder and BuildKit forms', () => {
    expect(instructionOf('/bin/sh -c #(nop)  LABEL team=x')).toBe('LABEL');
    expect(instructionOf('/bin/sh -c #(nop) WORKDIR /app')).toBe('WORKDIR');
    expect(instructionOf('ENV PATH=/usr/bin # buildkit')).toBe('ENV');
    expect(instructionOf('COPY . / # buildkit')).toBe('COPY');
    expect(instructionOf('RUN /bin/sh -c make # buildkit')).toBe('RUN');
    expect(instructionOf('/bin/sh -c apt-get update')).toBe('RUN');
    expect(instructionOf('')).toBe('RUN');
  });
});
