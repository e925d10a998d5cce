import { describe, expect, it } from 'vitest';
import { formatCommand, platformOf, readConfig } from './inspect-fields.js';

describe('readConfig', () => {
  it('reads how the image runs from an inspect', () => {
    const c = readConfig({
      Os: 'linux',
      Architecture: 'arm64',
      Variant: 'v8',
      Created: '2026-01-01T00:00:00Z',
      RepoDigests: ['app@sha256:1'],
      RootFS: { Type: 'layers', Layers: ['sha256:a', 'sha256:b'] },
      Config: {
        Entrypoint: ['/bin/busybox', 'httpd'],
        Cmd: ['-f'],
        Env: ['PATH=/bin', 'EMPTY=', 'ODD'],
        WorkingDir: '/app',
        User: 'app',
        ExposedPorts: { '8080/tcp': {}, '443/tcp': {} },
        Labels: { z: '1', a: '2', bad: 3 },
      },
    });
    expect(c).toMatchObject({
      entrypoint: ['/bin/busybox', 'httpd'],
      cmd: ['-f'],
      workdir: '/app',
      user: 'app',
      exposedPorts: ['443/tcp', '8080/tcp'],
      labels: [
        ['a', '2'],
        ['z', '1'],
      ],
      repoDigests: ['app@sha256:1'],
      layers: 2,
    });
    expect(c.env).toEqual([
      { name: 'PATH', value: '/bin' },
      { name: 'EMPTY', value: '' },
      { name: 'ODD', value: '' },
    ]);
    expect(platformOf(c)).toBe('linux/arm64/v8');
  });

  it('reads a sparse or odd inspect as empty fields', () => {
    const c = readConfig({ Config: null, Labels: 'x', RootFS: 5 });
    expect(c).toMatchObject({
      entrypoint: [],
      cmd: [],
      env: [],
      labels: [],
      exposedPorts: [],
      layers: 0,
      os: '',
    });
    expect(platformOf(c)).toBe('');
    expect(formatCommand([])).toBe('');
    expect(formatCommand(['nginx', '-g', 'daemon off;'])).toBe('["nginx","-g","daemon off;"]');
  });
});
