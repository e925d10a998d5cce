// Run as a process of its own by the harness test: starts a private Podman service with a running
// container, prints the service's dir, and waits to be killed (SIGKILL skips every exit handler).
import { busyboxImage, startPodmanService } from '../harness/index.js';

const service = await startPodmanService({ name: 'orphan' });
await busyboxImage(service, 'orphan/busybox:1');
await service.cli(
  ['run', '-d', '--network', 'none', '--name', 'orphan', 'orphan/busybox:1'].concat([
    '/bin/busybox',
    'sleep',
    '600',
  ]),
);
process.stdout.write(`${service.dir}\n`);
setInterval(() => undefined, 60_000);
