import { describe, expect, it } from 'vitest';
import type { WasteReport } from '../../../shared/layers.js';
import { parseCli } from '../args.js';
import { modeString } from '../../../shared/layers.js';
import { brokenLimits, describeLayerStore, wasteText, type WasteCommand } from './layers.js';

const report: WasteReport = {
  image: 'app:1',
  efficiency: 0.85,
  wastedBytes: 30_000_000,
  diveWastedBytes: 45_000_000,
  worst: [{ path: 'tmp/big', copies: 1, wastedBytes: 30_000_000, layers: [0, 1] }],
};

const limits = (lowestEfficiency: number | null, highestWasted: number | null): WasteCommand => ({
  image: 'app:1',
  json: false,
  lowestEfficiency,
  highestWasted,
});

describe('hangar layer-store', () => {
  it('parses a bound as a size and refuses what is none, in words', () => {
    expect(parseCli(['layer-store'])).toMatchObject({ cmd: { maxBytes: null, json: false } });
    expect(parseCli(['layer-store', '--max-size', '2GB', '--json'])).toMatchObject({
      cmd: { maxBytes: 2_000_000_000, json: true },
    });
    expect(() => parseCli(['layer-store', '--max-size', 'lots'])).toThrow(
      "--max-size is a size such as 10GB, 500MB or 2GiB, not 'lots'",
    );
    expect(() => parseCli(['layer-store', 'app:1'])).toThrow("unexpected argument 'app:1'");
  });

  it('says what the store holds against its bound', () => {
    expect(
      describeLayerStore({ layers: 1, images: 3, bytes: 2_500_000, maxBytes: 536_870_912 }),
    ).toBe(
      'Layer store: 1 layer of 3 images, 2.5MB of 537MB (least recently used layers go beyond that).\n',
    );
  });
});

describe('hangar layers, files, waste, diff', () => {
  it('parses their arguments', () => {
    expect(parseCli(['layers', 'app:1', '--json'])).toMatchObject({
      cmd: { image: 'app:1', json: true },
    });
    expect(parseCli(['files', 'app:1', '--layer', '2'])).toMatchObject({
      cmd: { image: 'app:1', layer: 2, json: false },
    });
    expect(
      parseCli(['waste', 'app:1', '--lowest-efficiency', '0.9', '--highest-wasted', '20MB']),
    ).toMatchObject({ cmd: { lowestEfficiency: 0.9, highestWasted: 20_000_000 } });
    expect(parseCli(['diff', 'app:1', 'app:2'])).toMatchObject({ cmd: { a: 'app:1', b: 'app:2' } });
  });

  it('refuses what it cannot use, in words', () => {
    expect(() => parseCli(['layers'])).toThrow('layers needs an IMAGE');
    expect(() => parseCli(['files', 'a', '--layer', 'top'])).toThrow(
      "--layer is a layer number (0 is the oldest), not 'top'",
    );
    expect(() => parseCli(['waste', 'a', '--lowest-efficiency', '1.5'])).toThrow(
      '--lowest-efficiency is a ratio from 0 to 1',
    );
    expect(() => parseCli(['waste', 'a', '--highest-wasted', 'lots'])).toThrow(
      "--highest-wasted is a size such as 10GB, 500MB or 2GiB, not 'lots'",
    );
    expect(() => parseCli(['diff', 'a'])).toThrow('diff needs IMAGE_A and IMAGE_B');
  });

  it('names each limit a report breaks, and none when it keeps them', () => {
    expect(brokenLimits(report, limits(0.9, 20_000_000))).toEqual([
      'efficiency 0.8500 is below --lowest-efficiency 0.9',
      'wasted 30MB (30000000 bytes) is above --highest-wasted 20MB',
    ]);
    expect(brokenLimits(report, limits(0.8, 40_000_000))).toEqual([]);
    expect(brokenLimits(report, limits(null, null))).toEqual([]);
  });

  it('prints the waste summary and the worst files', () => {
    expect(wasteText(report)).toBe(
      "Efficiency: 85.00 %\nWasted: 30MB (dive's figure: 45MB)\n\n" +
        'WASTED   COPIES   LAYERS   PATH\n30MB     1        0,1      tmp/big\n',
    );
  });

  it('writes modes like ls', () => {
    expect(modeString('dir', 0o755)).toBe('drwxr-xr-x');
    expect(modeString('file', 0o640)).toBe('-rw-r-----');
    expect(modeString('symlink', 0o777)).toBe('lrwxrwxrwx');
  });
});
