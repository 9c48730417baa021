import * as net from 'node:net';
import { expect } from 'chai';
import { listenerPid, nodeVersionOf } from '../../bench/processSampler';

describe('bench process sampler', () => {
  describe('#listenerPid', () => {
    let server: net.Server;
    let port = 0;

    before(async () => {
      server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });

    after(async () => {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    });

    it('finds the process that listens on a TCP port', () => {
      expect(listenerPid(port)).to.equal(process.pid);
    });

    it('finds nobody on a port that nothing listens on any more', async () => {
      const other = net.createServer();
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const closedPort = (other.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) =>
        other.close(() => {
          resolve();
        }),
      );

      expect(listenerPid(closedPort)).to.equal(undefined);
    });
  });

  describe('#nodeVersionOf', () => {
    it('reads the Node version of a running process from its executable', () => {
      expect(nodeVersionOf(process.pid)).to.equal(process.version);
    });

    it('says unknown for no process', () => {
      expect(nodeVersionOf(undefined)).to.equal('unknown');
      expect(nodeVersionOf(2 ** 30)).to.equal('unknown');
    });
  });
});
