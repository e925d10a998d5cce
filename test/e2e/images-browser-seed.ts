/**
 * Realistic images for the images browser's end-to-end test and its screenshots: several
 * repositories and registries, sizes from a few kB to tens of MB, creation dates over a year, labels,
 * classic builds on a shared busybox base (so shared and unique sizes differ, and intermediate
 * layers exist), one image with three tags, one pushed (so it has a digest), dangling images, and
 * containers created (never started) from a few of them.
 */
import type { DaemonHandle } from '../harness/daemon.js';
import {
  buildScratchImage,
  busyboxImage,
  seedImages,
  type SeedImage,
} from '../harness/image-tar.js';

const DAY = 86_400_000;

/** Filler that makes a layer `kb` kilobytes. */
function content(kb: number, seed: string): string {
  const line = `${seed} ${'0123456789abcdef'.repeat(4)}\n`;
  return line.repeat(Math.max(1, Math.ceil((kb * 1000) / line.length)));
}

function ago(days: number): Date {
  return new Date(Date.now() - days * DAY);
}

const OCI = 'org.opencontainers.image';

const PLAIN: SeedImage[] = [
  {
    tags: ['nginx:1.27', 'nginx:latest', 'localhost:5000/mirror/nginx:1.27'],
    labels: { [`${OCI}.version`]: '1.27.2', maintainer: 'NGINX Docker Maintainers' },
    created: ago(21),
    content: content(4_200, 'nginx'),
  },
  {
    tags: ['nginx:1.25'],
    labels: { [`${OCI}.version`]: '1.25.4', maintainer: 'NGINX Docker Maintainers' },
    created: ago(190),
    content: content(3_900, 'nginx-old'),
  },
  {
    tags: ['postgres:16'],
    labels: { [`${OCI}.version`]: '16.4', team: 'data' },
    created: ago(35),
    content: content(9_800, 'pg16'),
  },
  {
    tags: ['postgres:15.8'],
    labels: { [`${OCI}.version`]: '15.8', team: 'data' },
    created: ago(260),
    content: content(9_100, 'pg15'),
  },
  {
    tags: ['redis:7.2'],
    labels: { [`${OCI}.version`]: '7.2.5', team: 'platform' },
    created: ago(48),
    content: content(3_100, 'redis'),
  },
  {
    tags: ['ghcr.io/acme/billing:2.3.1'],
    labels: { team: 'payments', [`${OCI}.source`]: 'https://github.com/acme/billing' },
    created: ago(3),
    content: content(6_400, 'billing-231'),
  },
  {
    tags: ['ghcr.io/acme/billing:2.3.0'],
    labels: { team: 'payments', [`${OCI}.source`]: 'https://github.com/acme/billing' },
    created: ago(17),
    content: content(6_300, 'billing-230'),
  },
  {
    tags: ['registry.example.com/infra/edge-proxy:1.4'],
    labels: { team: 'platform' },
    created: ago(75),
    content: content(1_700, 'proxy'),
  },
  {
    tags: ['shop/api:1.6.0'],
    labels: { team: 'web', [`${OCI}.version`]: '1.6.0' },
    created: ago(120),
    content: content(2_900, 'api-160'),
  },
  {
    tags: ['shop/api:1.5.3'],
    labels: { team: 'web', [`${OCI}.version`]: '1.5.3' },
    created: ago(400),
    content: content(2_700, 'api-153'),
  },
  { tags: [], labels: { team: 'web' }, created: ago(9), content: content(2_800, 'orphan-a') },
  { tags: [], labels: { team: 'data' }, created: ago(64), content: content(7_500, 'orphan-b') },
  { tags: [], created: ago(140), content: content(450, 'orphan-c') },
];

interface Build {
  tag: string;
  kb: number;
  team: string;
  version: string;
  port: number;
}

const BUILDS: Build[] = [
  { tag: 'shop/api:1.8.0', kb: 3_400, team: 'web', version: '1.8.0', port: 8080 },
  { tag: 'shop/api:1.7.2', kb: 3_300, team: 'web', version: '1.7.2', port: 8080 },
  { tag: 'shop/web:2.4.1', kb: 5_200, team: 'web', version: '2.4.1', port: 3000 },
  { tag: 'shop/worker:0.9.3', kb: 1_100, team: 'web', version: '0.9.3', port: 9000 },
  {
    tag: 'localhost:5000/ml/model-server:2024.10',
    kb: 14_000,
    team: 'data',
    version: '2024.10',
    port: 8501,
  },
];

export const BASE_TAG = 'busybox:1.36';

export interface SeededBrowser {
  /** Ids of the dangling images seeded. */
  dangling: string[];
  /** Every tag seeded. */
  tags: string[];
}

/** Seeds everything above; `registryHost` (`127.0.0.1:PORT`) receives one push for a digest. */
export async function seedBrowserImages(
  daemon: DaemonHandle,
  registryHost: string | null,
): Promise<SeededBrowser> {
  const plain = await seedImages(daemon, PLAIN);
  await busyboxImage(daemon, BASE_TAG, { team: 'platform', [`${OCI}.version`]: '1.36.1' });
  for (const b of BUILDS) {
    await buildScratchImage(daemon, {
      tag: b.tag,
      files: { 'app/bundle.bin': content(b.kb, b.tag), 'app/VERSION': `${b.version}\n` },
      dockerfile: [
        `FROM ${BASE_TAG}`,
        `LABEL team=${b.team} ${OCI}.version=${b.version}`,
        'ENV APP_HOME=/app LOG_LEVEL=info',
        'WORKDIR /app',
        'COPY app/ /app/',
        `EXPOSE ${b.port}/tcp`,
        `ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "${b.port}"]`,
        'CMD ["-h", "/app"]',
        '',
      ].join('\n'),
    });
  }
  if (registryHost) {
    const ref = `${registryHost}/shop/api:1.8.0`;
    await daemon.docker(['tag', 'shop/api:1.8.0', ref]);
    await daemon.docker(['push', ref], { timeoutMs: 120_000 });
  }
  for (const [name, image] of [
    ['api-1', 'shop/api:1.8.0'],
    ['api-2', 'shop/api:1.8.0'],
    ['web-1', 'shop/web:2.4.1'],
    ['pg-main', 'postgres:16'],
    ['model-server', 'localhost:5000/ml/model-server:2024.10'],
  ] as const) {
    await daemon.docker([
      'create',
      '--network',
      'none',
      '--name',
      name,
      image,
      '/bin/busybox',
      'true',
    ]);
  }
  return {
    dangling: plain.filter((p) => p.tags.length === 0).map((p) => p.id),
    tags: [...PLAIN.flatMap((p) => p.tags), BASE_TAG, ...BUILDS.map((b) => b.tag)],
  };
}
