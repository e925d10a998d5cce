/**
 * `ssh://` engines from the CLI: the private daemon behind an SSH server that runs
 * `docker system dial-stdio` for each session (test/support/ssh-engine.ts), and an address where
 * nothing answers. The docker CLI is the oracle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedImages } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';
import { oracleView } from '../support/oracle.js';
import { startSshEngine, type SshEngine } from '../support/ssh-engine.js';

interface ImageJson {
  id: string;
  repoTags: string[];
}

describe('hangar against an ssh:// engine', () => {
  const daemon = sharedDaemon();
  let ssh: SshEngine;

  beforeAll(async () => {
    await seedImages(daemon, [{ tags: ['hangar-ssh/app:1', 'hangar-ssh/app:2'] }]);
    ssh = await startSshEngine(daemon.socketPath);
  });

  afterAll(async () => {
    await ssh?.close();
    await daemon.docker(['rmi', 'hangar-ssh/app:1', 'hangar-ssh/app:2'], { allowFail: true });
  });

  it('lists what the docker CLI lists, through ssh, with nothing on stderr', async () => {
    const res = await runHangar(['images', '--all', '--json'], { DOCKER_HOST: ssh.host });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const images = JSON.parse(res.stdout) as ImageJson[];
    const listed = Object.fromEntries(images.map((i) => [i.id, [...i.repoTags].sort()]));
    expect(listed).toEqual((await oracleView((args) => daemon.docker(args))).tags);
    expect(images.some((i) => i.repoTags.includes('hangar-ssh/app:2'))).toBe(true);
    expect(ssh.commands.length).toBeGreaterThan(0);
    expect(new Set(ssh.commands)).toEqual(new Set(['docker system dial-stdio']));
  });

  it('prints exactly the one error line when nothing answers, and no Node warning', async () => {
    const res = await runHangar(['images'], { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'hangar: Cannot reach Docker at ssh://nobody@127.0.0.1:1: connection refused\n',
    );
  });
});
