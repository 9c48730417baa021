import { expect } from 'chai';
import { describeStatus } from '@gateway/server/gatewayServer';

describe('the gateway status word', function () {
  it('says SEQUENCER_FAILED once the sequencer stopped, even while the stream was connected', function () {
    expect(describeStatus(false, true, true)).to.equal('SEQUENCER_FAILED');
    expect(describeStatus(false, true, false)).to.equal('SEQUENCER_FAILED');
  });

  it('says SHUTTING_DOWN first, else SERVING or CONNECTING after the event stream', function () {
    expect(describeStatus(true, true, true)).to.equal('SHUTTING_DOWN');
    expect(describeStatus(false, false, true)).to.equal('SERVING');
    expect(describeStatus(false, false, false)).to.equal('CONNECTING');
  });
});
