import { expect } from 'chai';
import { peerIdentityError, peerTarget } from '@gateway/fabric/connect';

const peer = (
  id: string,
  endpoint: string,
  hostAlias: string,
): { id: string; endpoint: string; hostAlias: string } => ({
  id,
  endpoint,
  hostAlias,
});

describe('peer failover target and identity', () => {
  it("dials an org's several IPv4 peers as one gRPC address list, first peer first", () => {
    const peers = [
      peer('peer0-org1', '127.0.0.1:7100', 'peer0.org1.example.com'),
      peer('peer1-org1', '10.77.0.2:7103', 'peer1.org1.example.com'),
    ];
    expect(peerTarget({ peerEndpoint: '127.0.0.1:7100', peers })).to.equal(
      'ipv4:127.0.0.1:7100,10.77.0.2:7103',
    );
  });

  it('dials a single peer by its endpoint', () => {
    const peers = [peer('peer0-org2', '127.0.0.1:7200', 'peer0.org2.example.com')];
    expect(peerTarget({ peerEndpoint: '127.0.0.1:7200', peers })).to.equal('127.0.0.1:7200');
  });

  it('falls back to the first peer when a host is a DNS name (no static list for names)', () => {
    const peers = [
      peer('peer0-org1', 'peer0.org1.example.com:7100', 'peer0.org1.example.com'),
      peer('peer1-org1', '127.0.0.1:7103', 'peer1.org1.example.com'),
    ];
    expect(peerTarget({ peerEndpoint: 'peer0.org1.example.com:7100', peers })).to.equal(
      'peer0.org1.example.com:7100',
    );
  });

  const names = new Set(['peer0.org1.example.com', 'peer1.org1.example.com']);

  it("accepts a certificate that names any of the org's peers", () => {
    expect(
      peerIdentityError(
        { subjectaltname: 'IP Address:127.0.0.1, DNS:localhost, DNS:peer1.org1.example.com' },
        names,
      ),
    ).to.equal(undefined);
  });

  it("refuses a certificate that names another org's peer, saying which names it carries", () => {
    const err = peerIdentityError({ subjectaltname: 'DNS:localhost, DNS:peer0.org2.example.com' }, names);
    expect(err?.message).to.equal(
      "the peer's TLS certificate names localhost, peer0.org2.example.com, none of the org's peers (peer0.org1.example.com, peer1.org1.example.com)",
    );
  });

  it('refuses a certificate without any DNS name', () => {
    expect(peerIdentityError({ subjectaltname: 'IP Address:127.0.0.1' }, names)?.message).to.contain(
      'names no host',
    );
    expect(peerIdentityError({}, names)).to.be.instanceOf(Error);
  });
});
