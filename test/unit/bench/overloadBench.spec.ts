import { expect } from 'chai';
import { parseBenchOptions } from '../../../test/bench/benchOptions';
import { overloadSection, type OverloadResults } from '../../../test/bench/overloadBench';

const RESULTS: OverloadResults = {
  submits: 3000,
  payloadBytes: 4096,
  floodMs: 61_000,
  byCode: { OK: 400, RESOURCE_EXHAUSTED: 2600 },
  refusedShare: 2600 / 3000,
  refusalP50Ms: 3,
  refusalP99Ms: 40,
  sealP50Ms: 900,
  sealP99Ms: 2100,
  idleRssMiB: 175,
  peakRssMiB: 260,
  rssBoundMiB: 400,
  withinRssBound: true,
  refusalsFasterThanSeals: true,
};

describe('the bench overload section', function () {
  it('prints the calls by code, the refused share and the RSS against the documented bound', function () {
    const text = overloadSection(RESULTS).join('\n');

    expect(text).to.include(
      '| OK=400 RESOURCE_EXHAUSTED=2600 | 86.7 % | 3 / 40 | 900 / 2100 | 175 → 260 | 61000 |',
    );
    expect(text).to.include('Peak RSS 260 MiB: within the documented bound of 400 MiB.');
    expect(text).to.include('Refusals answer faster than seals (p50).');
  });

  it('marks a peak over the bound and refusals no faster than seals', function () {
    const text = overloadSection({
      ...RESULTS,
      peakRssMiB: 450,
      withinRssBound: false,
      refusalsFasterThanSeals: false,
    }).join('\n');

    expect(text).to.include('Peak RSS 450 MiB: **OVER** the documented bound of 400 MiB.');
    expect(text).to.include('Refusals **do not answer faster than seals** (p50).');
  });

  it('runs it by default, with 3000 submits, 200 in a smoke run, or as many as --overload-submits says', function () {
    expect(parseBenchOptions([], {}).only).to.include('overload');
    expect(parseBenchOptions([], {}).overloadSubmits).to.equal(3000);
    expect(parseBenchOptions(['--smoke'], {}).overloadSubmits).to.equal(200);
    expect(parseBenchOptions(['--overload-submits', '50'], {}).overloadSubmits).to.equal(50);
  });
});
