// Test fixtures: real `GET /version` answers, for the specs of this folder (not used at run time).

/** `GET /version` of Debian's dockerd 20.10.24, captured live. */
export const DOCKER_20_10_VERSION = {
  Platform: { Name: '' },
  Components: [
    {
      Name: 'Engine',
      Version: '20.10.24+dfsg1',
      Details: { ApiVersion: '1.41', Arch: 'amd64', MinAPIVersion: '1.12', Os: 'linux' },
    },
    { Name: 'containerd', Version: '1.6.20~ds1', Details: { GitCommit: '1.6.20~ds1-1+deb12u3' } },
    { Name: 'runc', Version: '1.1.5+ds1', Details: { GitCommit: '1.1.5+ds1-1+deb12u1' } },
    { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: '' } },
  ],
  Version: '20.10.24+dfsg1',
  ApiVersion: '1.41',
  MinAPIVersion: '1.12',
  GitCommit: '5d6db84',
  GoVersion: 'go1.19.8',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.18.44',
  BuildTime: '2026-05-07T21:09:36.000000000+00:00',
};

/** `GET /version` of Debian's podman 4.3.1 (`podman system service`), captured live. */
export const PODMAN_4_3_VERSION = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [
    {
      Name: 'Podman Engine',
      Version: '4.3.1',
      Details: { APIVersion: '4.3.1', Arch: 'amd64', MinAPIVersion: '4.0.0', Os: 'linux' },
    },
    { Name: 'Conmon', Version: 'conmon version 2.1.6, commit: unknown', Details: {} },
    { Name: 'OCI Runtime (runc)', Version: 'runc version 1.1.5+ds1', Details: {} },
  ],
  Version: '4.3.1',
  ApiVersion: '1.41',
  MinAPIVersion: '1.24',
  Os: 'linux',
  Arch: 'amd64',
};
