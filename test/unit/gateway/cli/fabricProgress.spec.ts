import { expect } from 'chai';
import { newProgress, progressLine } from '../../../../gateway/src/cli/fabricProgress';

describe('fabric archive progress', function () {
  it('shows count, total, rate and the time left', function () {
    expect(progressLine(100, 400, 2_000)).to.equal('block 100/400  50.0 blocks/s  ETA 6s');
  });

  it('shows an unknown time left before any time has passed', function () {
    expect(progressLine(0, 400, 0)).to.equal('block 0/400  0.0 blocks/s  ETA ?');
  });

  it('redraws one line on a terminal and ends it with a newline', function () {
    const written: string[] = [];
    let now = 0;
    const progress = newProgress({ isTTY: true, write: (t) => written.push(t) }, () => now);

    now = 1000;
    progress.update(1, 2);
    progress.update(2, 2);
    progress.end();

    expect(written).to.deep.equal([
      '\rblock 1/2  1.0 blocks/s  ETA 1s',
      '\rblock 2/2  2.0 blocks/s  ETA 0s',
      '\n',
    ]);
  });

  it('writes at most a line a second elsewhere, and the last one', function () {
    const written: string[] = [];
    let now = 0;
    const progress = newProgress({ isTTY: false, write: (t) => written.push(t) }, () => now);

    now = 100;
    progress.update(1, 3);
    now = 200;
    progress.update(2, 3);
    now = 300;
    progress.update(3, 3);
    progress.end();

    expect(written).to.have.length(2);
    expect(written[1]).to.equal('block 3/3  10.0 blocks/s  ETA 0s\n');
  });
});
