import { describe, expect, it } from 'vitest';
import type { Channel, EventChannel, PreloadBridge } from '../../shared/contract.js';
import type { DesktopChannel } from '../../shared/desktop.js';
import { HangarError, type IpcResult } from '../../shared/errors.js';
import { IpcTransport } from './ipc-transport.js';

class FakeBridge implements PreloadBridge {
  readonly calls: { channel: Channel | DesktopChannel; args: unknown[] }[] = [];
  answer: () => Promise<IpcResult<unknown>> = async () => ({ ok: true, value: null });
  readonly listeners = new Map<EventChannel, (payload: unknown) => void>();

  invoke(channel: Channel | DesktopChannel, args: unknown[]): Promise<IpcResult<unknown>> {
    this.calls.push({ channel, args });
    return this.answer();
  }

  on(event: EventChannel, listener: (payload: unknown) => void): () => void {
    this.listeners.set(event, listener);
    return () => this.listeners.delete(event);
  }
}

describe('IpcTransport', () => {
  it("moves image archives through the main process's file dialogs: names only, no path", async () => {
    const bridge = new FakeBridge();
    bridge.answer = async () => ({ ok: true, value: { id: 't1', kind: 'save' } });
    const files = new IpcTransport(bridge).imageFiles;
    expect(files.via).toBe('dialog');
    await expect(files.save(['app:1', 'db:2'])).resolves.toEqual({ id: 't1', kind: 'save' });
    bridge.answer = async () => ({ ok: true, value: null });
    await expect(files.load()).resolves.toBeNull();
    expect(bridge.calls).toEqual([
      { channel: 'desktop:saveImages', args: [['app:1', 'db:2']] },
      { channel: 'desktop:loadImages', args: [] },
    ]);
  });

  it('passes the channel and its arguments and unwraps an ok envelope', async () => {
    const bridge = new FakeBridge();
    bridge.answer = async () => ({ ok: true, value: { Id: 'sha256:1' } });
    const transport = new IpcTransport(bridge);
    await expect(transport.invoke('images:inspect', 'nginx:latest')).resolves.toEqual({
      Id: 'sha256:1',
    });
    expect(bridge.calls).toEqual([{ channel: 'images:inspect', args: ['nginx:latest'] }]);
  });

  it('throws the HangarError of an error envelope, with code and detail', async () => {
    const bridge = new FakeBridge();
    bridge.answer = async () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such image: nope.', detail: 'HTTP 404' },
    });
    const err = await new IpcTransport(bridge).invoke('images:inspect', 'nope').catch((e) => e);
    expect(err).toBeInstanceOf(HangarError);
    expect(err).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such image: nope.',
      detail: 'HTTP 404',
    });
  });

  it('turns a malformed envelope or a rejected bridge call into an INTERNAL error', async () => {
    const bridge = new FakeBridge();
    const transport = new IpcTransport(bridge);
    bridge.answer = async () => ({ nope: true }) as unknown as IpcResult<unknown>;
    await expect(transport.invoke('engines:status')).rejects.toMatchObject({ code: 'INTERNAL' });
    bridge.answer = async () =>
      ({ ok: false, error: { code: 'MADE_UP', message: 'x' } }) as unknown as IpcResult<unknown>;
    await expect(transport.invoke('engines:status')).rejects.toMatchObject({ code: 'INTERNAL' });
    bridge.answer = async () => {
      throw new Error('An object could not be cloned.');
    };
    await expect(transport.invoke('engines:status')).rejects.toMatchObject({
      code: 'INTERNAL',
      detail: 'An object could not be cloned.',
    });
  });

  it('passes event payloads to the listener and unsubscribes through the bridge', () => {
    const bridge = new FakeBridge();
    const seen: number[] = [];
    const off = new IpcTransport(bridge).on('index:delta', (d) => seen.push(d.version));
    bridge.listeners.get('index:delta')?.({ version: 4, upserts: [], removals: [] });
    expect(seen).toEqual([4]);
    off();
    expect(bridge.listeners.has('index:delta')).toBe(false);
  });
});
