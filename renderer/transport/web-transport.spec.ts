import { describe, expect, it } from 'vitest';
import { HangarError } from '../../shared/errors.js';
import { EVENTS_PATH, INVOKE_PATH, LOAD_PATH, SAVE_PATH } from '../../shared/web-protocol.js';
import {
  LOST_CONTACT_MESSAGE,
  WebTransport,
  type EventSourceLike,
  type FetchLike,
  type MessageLike,
  type ResponseLike,
} from './web-transport.js';

class FakeEventSource implements EventSourceLike {
  readyState = 1;
  closed = false;
  readonly listeners = new Map<string, Set<(event: MessageLike) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageLike) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: (event: MessageLike) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  dispatch(type: string, data: unknown): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l({ data });
  }
  count(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}

function response(status: number, body: unknown): ResponseLike {
  return {
    status,
    ok: status >= 200 && status < 300,
    json: async () => {
      if (body instanceof Error) throw body;
      return body;
    },
  };
}

function setup(fetchImpl: FetchLike = async () => response(200, { ok: true, value: null })) {
  const sources: FakeEventSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const requests: { url: string; init: RequestInit }[] = [];
  const transport = new WebTransport({
    fetch: (url, init) => {
      requests.push({ url, init });
      return fetchImpl(url, init);
    },
    openEvents: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
    warn: () => undefined,
  });
  return { transport, sources, timers, requests };
}

describe('WebTransport.invoke', () => {
  it('POSTs the args as JSON to the channel path with same-origin credentials', async () => {
    const { transport, requests } = setup(async () =>
      response(200, { ok: true, value: { Id: 'sha256:1' } }),
    );
    await expect(transport.invoke('images:inspect', 'nginx')).resolves.toEqual({ Id: 'sha256:1' });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.url).toBe(`${INVOKE_PATH}images:inspect`);
    expect(req?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(req?.init.body))).toEqual({ args: ['nginx'] });
  });

  it('throws the HangarError the host sent in its envelope, whatever the HTTP status', async () => {
    const { transport } = setup(async () =>
      response(400, { ok: false, error: { code: 'VALIDATION', message: 'Bad name.' } }),
    );
    const err = await transport.invoke('images:inspect', '!!').catch((e) => e);
    expect(err).toBeInstanceOf(HangarError);
    expect(err).toMatchObject({ code: 'VALIDATION', message: 'Bad name.' });
  });

  it('maps 401 and 403 to UNAUTHORIZED', async () => {
    for (const status of [401, 403]) {
      const { transport } = setup(async () => response(status, { error: 'nope' }));
      await expect(transport.invoke('engines:status')).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        detail: `HTTP ${status}`,
      });
    }
  });

  it('maps a network failure to a lost-contact error', async () => {
    const { transport } = setup(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(transport.invoke('engines:status')).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: LOST_CONTACT_MESSAGE,
      detail: 'Failed to fetch',
    });
  });

  it('reports an error status without a JSON body, and a body that is no envelope', async () => {
    const bad = setup(async () => response(502, new SyntaxError('Unexpected token <')));
    await expect(bad.transport.invoke('engines:status')).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('HTTP 502'),
    });
    const odd = setup(async () => response(200, { hello: 'world' }));
    await expect(odd.transport.invoke('engines:status')).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});

describe('WebTransport.on', () => {
  it('opens one event stream for all listeners and parses each message', () => {
    const { transport, sources } = setup();
    const deltas: number[] = [];
    const statuses: string[] = [];
    transport.on('index:delta', (d) => deltas.push(d.version));
    transport.on('engine:status', (s) => statuses.push(s.state));
    expect(sources).toHaveLength(1);
    expect(sources[0]?.url).toBe(EVENTS_PATH);
    sources[0]?.dispatch('index:delta', JSON.stringify({ version: 3, upserts: [], removals: [] }));
    sources[0]?.dispatch('engine:status', JSON.stringify({ state: 'connecting' }));
    sources[0]?.dispatch('index:delta', 'not json');
    expect(deltas).toEqual([3]);
    expect(statuses).toEqual(['connecting']);
  });

  it('closes the stream when the last listener leaves, and only then', () => {
    const { transport, sources } = setup();
    const off1 = transport.on('index:delta', () => undefined);
    const off2 = transport.on('index:delta', () => undefined);
    const off3 = transport.on('index:status', () => undefined);
    const source = sources[0];
    off1();
    off1(); // twice is harmless
    expect(source?.count('index:delta')).toBe(1);
    off2();
    expect(source?.count('index:delta')).toBe(0);
    expect(source?.closed).toBe(false);
    off3();
    expect(source?.closed).toBe(true);
  });

  it('leaves reconnecting to EventSource, but reopens one that gave up', () => {
    const { transport, sources, timers } = setup();
    const seen: number[] = [];
    transport.on('index:delta', (d) => seen.push(d.version));
    const first = sources[0];
    first?.dispatch('error', undefined); // still CONNECTING/OPEN: it retries by itself
    expect(timers).toHaveLength(0);
    if (first) first.readyState = 2;
    first?.dispatch('error', undefined);
    expect(first?.closed).toBe(true);
    expect(timers).toHaveLength(1);
    timers[0]?.fn();
    expect(sources).toHaveLength(2);
    sources[1]?.dispatch('index:delta', JSON.stringify({ version: 9, upserts: [], removals: [] }));
    expect(seen).toEqual([9]);
  });
});

describe('WebTransport.imageFiles', () => {
  it('names each image in the save address', () => {
    const { transport } = setup();
    expect(transport.imageFiles.saveUrl(['app:1', 'reg:5000/a/b:2'])).toBe(
      `${SAVE_PATH}?names=app%3A1&names=reg%3A5000%2Fa%2Fb%3A2`,
    );
  });

  it('sends the file itself as the body of the load and answers the loaded tags', async () => {
    const loaded = { tags: ['app:1'], ids: [], bytes: 3 };
    const { transport, requests } = setup(async () => response(200, { ok: true, value: loaded }));
    const file = new Blob(['tar']);
    await expect(transport.imageFiles.load(file)).resolves.toEqual(loaded);
    expect(requests[0]?.url).toBe(LOAD_PATH);
    expect(requests[0]?.init.method).toBe('POST');
    expect(requests[0]?.init.body).toBe(file);
  });

  it('says the size limit in words when the host answers 413', async () => {
    const { transport } = setup(async () =>
      response(413, {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'An image archive sent to the web host is at most 1 MiB.',
        },
      }),
    );
    await expect(transport.imageFiles.load(new Blob(['x']))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'An image archive sent to the web host is at most 1 MiB.',
    });
  });
});
