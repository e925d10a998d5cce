import { describe, expect, it } from 'vitest';
import { PushProgress, pushErrorCode } from './push-progress.js';

const lines = (...objs: unknown[]) => objs.map((o) => `${JSON.stringify(o)}\n`).join('');

describe('PushProgress', () => {
  it('follows layers, clamps current to total, and reads the final digest', () => {
    const p = new PushProgress();
    const text = lines(
      { status: 'The push refers to repository [localhost:5055/evt/one]' },
      { status: 'Preparing', progressDetail: {}, id: 'aaa' },
      { status: 'Preparing', progressDetail: {}, id: 'bbb' },
      { status: 'Pushing', progressDetail: { current: 512, total: 6 }, id: 'aaa' },
      { status: 'Pushing', progressDetail: { current: 50, total: 200 }, id: 'bbb' },
    );
    // Split mid-line: chunks do not follow lines.
    p.push(text.slice(0, 70));
    p.push(text.slice(70));
    expect(p.items()).toEqual([
      { id: 'aaa', label: 'layer aaa', status: 'Pushing', current: 6, total: 6 },
      { id: 'bbb', label: 'layer bbb', status: 'Pushing', current: 50, total: 200 },
    ]);
    expect(p.percent()).toBe(62); // (1 + 0.25) / 2
    expect(p.message).toMatch(/push refers to repository/);
    p.push(
      lines(
        { status: 'Pushed', progressDetail: {}, id: 'aaa' },
        { status: 'Layer already exists', progressDetail: {}, id: 'bbb' },
        { status: 'v1: digest: sha256:ad3a size: 524' },
      ),
    );
    p.push('{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:ad3a","Size":524}}');
    p.end();
    expect(p.percent()).toBe(100);
    expect(p.items().map((i) => [i.status, i.current])).toEqual([
      ['Pushed', 6],
      ['Layer already exists', 200],
    ]);
    expect(p.aux).toEqual({ tag: 'v1', digest: 'sha256:ad3a', size: 524 });
    expect(p.error).toBeNull();
    expect(p.layerCount).toBe(2);
  });

  it('surfaces an error from inside the 200 stream and ignores junk lines', () => {
    const p = new PushProgress();
    p.push('not json\n');
    p.push(
      lines({
        errorDetail: { message: 'unauthorized: authentication required' },
        error: 'unauthorized: authentication required',
      }),
    );
    p.end();
    expect(p.error).toBe('unauthorized: authentication required');
    expect(p.percent()).toBeNull();
    expect(p.aux).toBeNull();
  });
});

describe('PushProgress on a pull stream', () => {
  it('counts real layers only: the "Pulling from" line names the tag, not a layer', () => {
    const p = new PushProgress();
    const lines = [
      { status: 'Pulling from team/cache', id: 'sha256:abc' },
      { status: 'Pulling fs layer', id: 'l1' },
      { status: 'Already exists', id: 'l0' },
      { status: 'Downloading', id: 'l1', progressDetail: { current: 50, total: 100 } },
      { status: 'Pull complete', id: 'l1' },
      { status: 'Digest: sha256:def' },
    ];
    p.push(lines.map((l) => JSON.stringify(l)).join('\n'));
    p.end();
    expect(p.layerCount).toBe(2);
    expect(p.items().map((i) => [i.id, i.status])).toEqual([
      ['l1', 'Pull complete'],
      ['l0', 'Already exists'],
    ]);
    expect(p.percent()).toBe(100);
    expect(p.message).toBe('Digest: sha256:def');
    expect(p.pulledDigest).toBe(null); // not a full digest
    expect(p.upToDate).toBe(false);
  });

  it('reads the digest and whether the engine had the image already', () => {
    const p = new PushProgress();
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const status of [
      'Pulling from team/app',
      `Digest: ${digest}`,
      'Status: Image is up to date for 127.0.0.1:5000/team/app:1',
    ]) {
      p.feed({ status });
    }
    expect(p.pulledDigest).toBe(digest);
    expect(p.upToDate).toBe(true);
    expect(p.layerCount).toBe(0);
  });
});

describe('pushErrorCode', () => {
  it('tells auth failures from other registry errors', () => {
    expect(pushErrorCode('unauthorized: authentication required')).toBe('AUTH_FAILED');
    expect(pushErrorCode('no basic auth credentials')).toBe('AUTH_FAILED');
    expect(pushErrorCode('denied: requested access to the resource is denied')).toBe('AUTH_FAILED');
    expect(
      pushErrorCode(
        'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
      ),
    ).toBe('REGISTRY_ERROR');
    expect(pushErrorCode('received unexpected HTTP status: 500 Internal Server Error')).toBe(
      'REGISTRY_ERROR',
    );
    expect(pushErrorCode('received unexpected HTTP status: 401 Unauthorized')).toBe('AUTH_FAILED');
  });

  it('does not read a 401 inside a port or a digest as refused credentials', () => {
    expect(
      pushErrorCode(
        'Put "http://127.0.0.1:40123/v2/p/blobs/uploads/": dial tcp 127.0.0.1:40123: connect: connection refused',
      ),
    ).toBe('REGISTRY_ERROR');
    expect(pushErrorCode('blob upload unknown: sha256:4011aa… EOF')).toBe('REGISTRY_ERROR');
  });
});
