/**
 * `hangar events` while its daemon stops and comes back: the command keeps running, says on stderr
 * that the engine is away and when it retries, and after the daemon returns prints what changed
 * meanwhile, so that its stream still adds up to what the docker CLI lists; started while the
 * daemon is down, it waits for it. A daemon of its own, since the test stops it.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { seedImages } from '../harness/image-tar.js';
import { runHangar, startHangar, type HangarProcess } from '../support/hangar-cli.js';
import { eventually, oracleView } from '../support/oracle.js';

interface ImageJson {
  id: string;
  repoTags: string[];
}

interface DeltaJson {
  version: number;
  upserts: ImageJson[];
  removals: string[];
}

const AWAY = /^! engine unreachable: .+; retrying in \d+ s, then less often until it answers$/;
const BACK = /^! engine reachable again at unix:\/\/\S+: reloading the images$/;

/** id → sorted tags, from a starting listing and the deltas printed since. */
function fold(base: readonly ImageJson[], deltas: readonly DeltaJson[]): Record<string, string[]> {
  const images = new Map(base.map((image) => [image.id, image.repoTags]));
  for (const delta of deltas) {
    for (const image of delta.upserts) images.set(image.id, image.repoTags);
    for (const id of delta.removals) images.delete(id);
  }
  return Object.fromEntries([...images].map(([id, tags]) => [id, [...tags].sort()]));
}

describe('hangar events across a daemon restart', () => {
  let daemon: PrivateDaemon;
  const running: HangarProcess[] = [];
  let keptId = '';
  let doomedId = '';

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'events' });
    const seeded = await seedImages(daemon, [
      { tags: ['events/kept:1'] },
      { tags: ['events/doomed:1'] },
      { tags: [] },
    ]);
    keptId = seeded[0]?.id ?? '';
    doomedId = seeded[1]?.id ?? '';
  });

  afterAll(async () => {
    for (const cli of running) cli.kill('SIGKILL');
    await daemon?.destroy();
  });

  it('keeps running, says the engine is away and back, and its stream adds up to `docker images -a`', async () => {
    // Nothing else changes this daemon: the listing and the start of the stream see the same state.
    const listing = await runHangar(['images', '--all', '--json', '--host', daemon.host]);
    expect(listing.code).toBe(0);
    const base = JSON.parse(listing.stdout) as ImageJson[];
    expect(fold(base, [])).toEqual((await oracleView((args) => daemon.docker(args))).tags);

    const json = startHangar(['events', '--json', '--host', daemon.host]);
    const human = startHangar(['events', '--host', daemon.host]);
    running.push(json, human);
    for (const cli of [json, human]) await cli.waitForStderr(/^Watching the images at /, 'ready');

    await daemon.docker(['tag', keptId, 'events/kept:before']);
    await json.waitForJson<DeltaJson>(
      (d) => d.upserts.some((u) => u.repoTags.includes('events/kept:before')),
      'the delta of a tag made before the restart',
    );

    await daemon.stop();
    for (const cli of [json, human]) await cli.waitForStderr(AWAY, 'the engine-away line');

    await daemon.start();
    // Made as soon as the daemon is back, before or after Hangar reconnects: either its event
    // stream or its full reload must bring them.
    await daemon.docker(['tag', keptId, 'events/kept:after']);
    await daemon.docker(['rmi', 'events/kept:before', doomedId]);
    const [loaded] = await seedImages(daemon, [{ tags: ['events/loaded:1'] }]);
    for (const cli of [json, human]) await cli.waitForStderr(BACK, 'the engine-back line');

    const oracle = (await oracleView((args) => daemon.docker(args))).tags;
    expect(oracle[loaded?.id ?? '']).toEqual(['events/loaded:1']);
    expect(oracle[doomedId]).toBeUndefined();
    const folded = await eventually(
      async () => fold(base, json.jsonLines<DeltaJson>()),
      (view) => isDeepStrictEqual(view, oracle),
      30_000,
    );
    expect(folded).toEqual(oracle);
    await human.waitFor(
      () => (human.stdout.includes(`+ tag events/loaded:1 ${loaded?.id}\n`) ? true : undefined),
      'the human line of an image loaded after the restart',
    );

    for (const cli of [json, human]) {
      // One line per change of state, however many retries it took.
      const notes = cli.stderr.split('\n').filter((line) => line.startsWith('! '));
      expect(notes).toHaveLength(2);
      expect(notes[0]).toMatch(AWAY);
      expect(notes[1]).toMatch(BACK);
      cli.kill('SIGINT');
      expect(await cli.exit).toBe(0);
    }
  });

  it('started while the daemon is down, waits for it, then watches; Ctrl+C while waiting ends it', async () => {
    await daemon.stop();
    const waiting = startHangar(['events', '--json', '--host', daemon.host]);
    const given = startHangar(['events', '--host', daemon.host]);
    running.push(waiting, given);
    for (const cli of [waiting, given]) await cli.waitForStderr(AWAY, 'the engine-away line');
    expect(waiting.stderr).not.toMatch(/Watching the images/);

    // Stopped before the engine answers: nothing was watched, and that is no failure.
    given.kill('SIGINT');
    expect(await given.exit).toBe(0);
    expect(given.stdout).toBe('');

    await daemon.start();
    await waiting.waitForStderr(BACK, 'the engine-back line');
    await waiting.waitForStderr(
      /^Watching the images at unix:\/\/\S+\. Press Ctrl\+C to stop\.$/,
      'ready',
    );
    await daemon.docker(['tag', keptId, 'events/kept:late']);
    await waiting.waitForJson<DeltaJson>(
      (d) => d.upserts.some((u) => u.repoTags.includes('events/kept:late')),
      'the delta of a tag made once the engine is back',
    );
    waiting.kill('SIGINT');
    expect(await waiting.exit).toBe(0);
  });
});
