import { expect } from 'chai';
import { newProgressLine, progressText } from '@gateway/progress/progressLine';

describe('progress line', () => {
  it('shows count of total, the rate of this run and the time left', () => {
    expect(progressText('revisions', 350, 1000, 2000, 50)).to.equal(
      '[#######-------------] 350/1000 revisions  150.0/s  ETA 5s',
    );
    expect(progressText('blocks', 10, 10, 1000)).to.equal(
      '[####################] 10/10 blocks  10.0/s  done',
    );
    expect(progressText('blocks', 0, 10, 0)).to.equal('[--------------------] 0/10 blocks  0.0/s  ETA -');
    expect(progressText('x', 1, 100000, 1000)).to.match(/ETA 27h46m$/);
  });

  it('redraws in place on a terminal, writes a line every 2 s at most elsewhere, and nothing when off', () => {
    let t = 0;
    const tty: string[] = [];
    const file: string[] = [];
    const off: string[] = [];
    const lines = [
      newProgressLine({ write: (s) => tty.push(s), isTTY: true }, 'r', 10, 0, true, () => t),
      newProgressLine({ write: (s) => file.push(s), isTTY: false }, 'r', 10, 0, true, () => t),
      newProgressLine({ write: (s) => off.push(s), isTTY: false }, 'r', 10, 0, false, () => t),
    ];
    for (const done of [1, 2, 3]) {
      t += 1000;
      lines.forEach((l) => {
        l.update(done);
      });
    }
    lines.forEach((l) => {
      l.finish(10);
    });
    expect(tty).to.have.length(4);
    expect(tty.every((s) => s.startsWith('\r'))).to.equal(true);
    expect(tty.at(-1)).to.match(/done\n$/);
    expect(file).to.have.length(3);
    expect(off).to.deep.equal([]);
  });

  it('learns the total from update (an archive learns the channel height), and draws the last line once', () => {
    let t = 0;
    const written: string[] = [];
    const line = newProgressLine(
      { write: (s) => written.push(s), isTTY: true },
      'blocks',
      0,
      0,
      true,
      () => t,
    );
    t = 1000;
    line.update(1, 2);
    t = 1100; // within 200 ms of the last redraw: skipped
    line.update(1, 2);
    t = 2000;
    line.update(2, 2);
    line.finish();
    line.finish();
    expect(written).to.deep.equal([
      '\r[##########----------] 1/2 blocks  1.0/s  ETA 1s',
      '\r[####################] 2/2 blocks  1.0/s  done',
      '\r[####################] 2/2 blocks  1.0/s  done\n',
    ]);
  });

  it('draws nothing at finish when nothing was counted', () => {
    const written: string[] = [];
    newProgressLine({ write: (s) => written.push(s), isTTY: true }, 'blocks', 0, 0, true).finish();
    expect(written).to.deep.equal([]);
  });
});
