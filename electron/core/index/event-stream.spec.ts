import { describe, expect, it } from 'vitest';
import { EventLineParser, parseEvent, touchesOf, type DockerEvent } from './event-stream.js';

const tag = JSON.stringify({
  status: 'tag',
  id: 'sha256:013b',
  Type: 'image',
  Action: 'tag',
  Actor: { ID: 'sha256:013b', Attributes: { name: 'evt/one:v2', 'app.test': 'one' } },
  scope: 'local',
  time: 1795465656,
  timeNano: 1795465656124746000,
});
const del = JSON.stringify({
  Type: 'image',
  Action: 'delete',
  Actor: { ID: 'sha256:2a70', Attributes: { name: 'sha256:2a70' } },
});

describe('EventLineParser', () => {
  it('parses several events in one chunk and one event split across chunks', () => {
    const p = new EventLineParser();
    expect(p.push(`${tag}\n${del}\n`).map((e) => e.Action)).toEqual(['tag', 'delete']);
    const bytes = new TextEncoder().encode(`${tag}\n`);
    expect(p.push(bytes.slice(0, 10))).toEqual([]);
    expect(p.push(bytes.slice(10)).map((e) => e.Actor.Attributes.name)).toEqual(['evt/one:v2']);
  });

  it('skips malformed lines and a stream cut mid-JSON without throwing', () => {
    const p = new EventLineParser();
    const events = p.push(`{"Type":"image",\nnot json\n[1,2]\n${del}\n{"Type":"ima`);
    expect(events.map((e) => e.Action)).toEqual(['delete']);
    expect(p.malformed).toBe(3);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const p = new EventLineParser();
    const line = JSON.stringify({
      Type: 'container',
      Action: 'rename',
      Actor: { ID: 'c1', Attributes: { name: 'café' } },
    });
    const bytes = new TextEncoder().encode(`${line}\n`);
    const cut = bytes.indexOf(0xc3) + 1;
    p.push(bytes.slice(0, cut));
    expect(p.push(bytes.slice(cut))[0]?.Actor.Attributes.name).toBe('café');
  });
});

describe('parseEvent', () => {
  it('rejects values that are not events and drops non-string attributes', () => {
    expect(parseEvent('{"Type":"image"}')).toBeNull();
    expect(parseEvent('{"Type":"image","Action":"tag","Actor":{"ID":5}}')).toBeNull();
    expect(
      parseEvent('{"Type":"image","Action":"tag","Actor":{"ID":"x","Attributes":{"a":1,"b":"c"}}}')
        ?.Actor.Attributes,
    ).toEqual({ b: 'c' });
  });
});

describe('touchesOf', () => {
  const ev = (Type: string, Action: string, ID: string, Attributes = {}): DockerEvent => ({
    Type,
    Action,
    Actor: { ID, Attributes },
  });

  it('re-inspects the one image an image event names', () => {
    expect(touchesOf(ev('image', 'untag', 'sha256:a'))).toEqual([
      { kind: 'image', ref: 'sha256:a' },
    ]);
    expect(touchesOf(ev('image', 'pull', 'nginx:latest'))).toEqual([
      { kind: 'image', ref: 'nginx:latest' },
    ]);
    expect(touchesOf(ev('image', 'delete', 'sha256:a'))).toEqual([
      { kind: 'imageGone', id: 'sha256:a' },
    ]);
    expect(touchesOf(ev('image', 'prune', '', { reclaimed: '3' }))).toEqual([]);
  });

  it('follows container lifecycle and ignores exec noise', () => {
    expect(touchesOf(ev('container', 'create', 'c1'))).toEqual([{ kind: 'container', id: 'c1' }]);
    expect(touchesOf(ev('container', 'destroy', 'c1'))).toEqual([
      { kind: 'containerGone', id: 'c1' },
    ]);
    expect(touchesOf(ev('container', 'exec_start: sh', 'c1'))).toEqual([]);
    expect(touchesOf(ev('container', 'commit', 'c1', { imageID: 'sha256:b' }))).toEqual([
      { kind: 'container', id: 'c1' },
      { kind: 'image', ref: 'sha256:b' },
    ]);
    expect(touchesOf(ev('network', 'connect', 'n1'))).toEqual([]);
  });

  it("reads Podman's image events in their own dialect", () => {
    const id = '831d40aae74222b50bec555aa49d5bf408b41bab7630b885923493ef65d45f7d';
    // `podman rmi a:1` of an image also tagged b:1 sends untag, then delete; the image stays.
    expect(touchesOf(ev('image', 'delete', id, { name: 'localhost/a:1' }), 'podman')).toEqual([
      { kind: 'image', ref: id },
    ]);
    expect(touchesOf(ev('image', 'untag', id), 'podman')).toEqual([{ kind: 'image', ref: id }]);
    // A load names the archive, not the images: only a reload finds them.
    expect(
      touchesOf(ev('image', 'loadfromarchive', '', { name: '/tmp/seed.tar' }), 'podman'),
    ).toEqual([{ kind: 'reload' }]);
    expect(touchesOf(ev('image', 'pull', '', { name: 'seed/a:1' }), 'podman')).toEqual([
      { kind: 'image', ref: 'seed/a:1' },
    ]);
    expect(touchesOf(ev('image', 'pull', ''), 'podman')).toEqual([]);
    expect(touchesOf(ev('image', 'save', '', { name: 'seed/a:1' }), 'podman')).toEqual([]);
    expect(touchesOf(ev('image', 'import', '', { name: '/tmp/x.tar' }), 'podman')).toEqual([
      { kind: 'reload' },
    ]);
    // Containers speak the same dialect on both (Podman says remove, inspected to a 404).
    expect(touchesOf(ev('container', 'remove', 'c1'), 'podman')).toEqual([
      { kind: 'container', id: 'c1' },
    ]);
    // Docker's delete is final, and a load names the image.
    expect(touchesOf(ev('image', 'delete', `sha256:${id}`), 'docker')).toEqual([
      { kind: 'imageGone', id: `sha256:${id}` },
    ]);
  });
});
