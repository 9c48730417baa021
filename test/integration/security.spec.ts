// The attacks the secure default must refuse, tried on the real network in one suite: each expects the
// right gRPC code (or endorsement refusal) and nothing written. Two gateways run with their defaults
// (TLS, client certificates checked against the channel's members, the default authorization table),
// one per member org, as scripts/gateway-up.sh starts them. Attacks that need a governance or
// membership set-up live with it: an org voted out (gatewayTls.spec.ts), a revoked user's direct
// chaincode invoke (users.spec.ts), a backdated vote and a forged execution record (governance.spec.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { EndorseError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { gatewayEndpointFile } from '@gateway/client/memberConnection';
import { addUser } from '@gateway/fabric/caUsers';
import { connectAs, loadSigner } from '@gateway/fabric/connect';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import {
  allowedOperations,
  memberAuthorizationTable,
  type Operation,
} from '@gateway/security/authorizationTable';
import { submitBackdated } from '@test-support/backdatedSubmit';
import { writeForgedExport } from '@test-support/forgedExport';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import {
  expiredOrg1Credentials,
  foreignCredentials,
  userCredentials,
  type Credentials,
} from '@test-support/testCertificates';
import { layout, uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const HOUR_MS = 3_600_000;

const endpointFile = (org: PeerOrg): string => gatewayEndpointFile(layout.runDir, org);

/** The outcome of a call: OK, or its code and message. */
interface Outcome {
  readonly code: number;
  readonly details: string;
}

const outcome = (attempt: Promise<unknown>): Promise<Outcome> =>
  attempt.then(
    () => ({ code: status.OK, details: '' }),
    (err: unknown) => ({ code: (err as ServiceError).code, details: (err as ServiceError).details }),
  );

const event = (eventId: string): { eventId: string; payload: Buffer; vepsTimestamp: string } => ({
  eventId,
  payload: Buffer.from(`security ${eventId}`),
  vepsTimestamp: String(Date.now()),
});

/** The first item of a StreamEvents call, or its error; the call is cancelled either way. */
function firstStreamItem(client: LedgerClient, toSequence: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = client.streamEvents({ fromSequence: '1', toSequence: String(toSequence), heartbeatMs: 100 });
    call.on('data', (item: StreamItem__Output) => {
      call.cancel();
      resolve(item);
    });
    call.on('error', (err: ServiceError) => {
      if (err.code === status.CANCELLED) return;
      reject(err);
    });
  });
}

describe('security: the attacks the secure default refuses', function () {
  this.timeout(300_000);
  const gateways = new Map<PeerOrg, GatewayProcess>();
  const clients: LedgerClient[] = [];
  let dir: string;

  /** A client of `org`'s gateway with these credentials (none: no client certificate). */
  const clientOf = (org: PeerOrg, credentials?: Credentials): LedgerClient => {
    const gateway = gateways.get(org);
    if (gateway === undefined) throw new Error(`no gateway of ${org}`);
    const rootCertPem = fs.readFileSync(path.join(orgLayout(layout, org).gatewayTlsDir, 'ca.pem'));
    const client = newLedgerClient(gateway.address, { rootCertPem, timeoutMs: 60_000, ...credentials });
    clients.push(client);
    return client;
  };
  const as = (gatewayOrg: PeerOrg, userOrg: PeerOrg, user: string): LedgerClient =>
    clientOf(gatewayOrg, userCredentials(userOrg, user));
  /** The journal size a gateway serves, read as Org1's auditor. */
  const journalSize = async (org: PeerOrg = 'org1'): Promise<string> =>
    (await as(org, 'org1', 'auditor1').healthCheck()).lastSequenceNumber;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-'));
    const env = { ...process.env, LEDGER_GATEWAY_METRICS_PORT: '0' };
    for (const org of ['org1', 'org2'] as const) {
      // The secure default: no TLS, trust or authorization setting at all.
      const gateway = await startGatewayProcess(
        ['--org', org, '--index', path.join(dir, `${org}.sqlite`)],
        env,
      );
      gateways.set(org, gateway);
      // Listed where scripts/gateway-up.sh lists the network's gateways, so `ledger users revoke` waits
      // for these to apply its configuration block, as it does for the gateways of `npm start`.
      const endpoint = endpointFile(org);
      fs.mkdirSync(path.dirname(endpoint), { recursive: true });
      fs.writeFileSync(
        endpoint,
        JSON.stringify({
          org,
          mspId: orgLayout(layout, org).mspId,
          address: gateway.address,
          tls: true,
          caFile: path.join(orgLayout(layout, org).gatewayTlsDir, 'ca.pem'),
        }),
      );
    }
    // Fresh indexes: each gateway replays the channel from block 0 after it starts serving, and its
    // journal size grows meanwhile. A seal is answered only once every block before it is sealed, so
    // after a submission at Org2's gateway, then one at Org1's, and Org2's gateway sealing that one too,
    // both are current: the "writing nothing" checks then compare sizes that only they could move.
    await as('org2', 'org2', 'teller1').submitEvent(event(uniqueId('sec-current-org2')));
    const last = BigInt(
      (await as('org1', 'org1', 'teller1').submitEvent(event(uniqueId('sec-current-org1')))).sequenceNumber,
    );
    await waitFor(
      `Org2's gateway seals sequence ${String(last)}`,
      async () => BigInt(await journalSize('org2')) >= last,
      { timeoutMs: 120_000, intervalMs: 100 },
    );
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    await Promise.all([...gateways.values()].map((g) => g.stop()));
    for (const org of gateways.keys()) fs.rmSync(endpointFile(org), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('who the caller is', function () {
    it('refuses a client without a certificate with UNAUTHENTICATED, writing nothing', async () => {
      const before = await journalSize();

      const attempt = await outcome(clientOf('org1').submitEvent(event(uniqueId('sec-nocert'))));

      expect(attempt.code).to.equal(status.UNAUTHENTICATED);
      expect(attempt.details).to.match(/^no client certificate/);
      expect(await journalSize()).to.equal(before);
    });

    it('refuses a certificate of a CA outside the channel with UNAUTHENTICATED, writing nothing', async () => {
      const before = await journalSize();

      const attempt = await outcome(
        clientOf('org1', foreignCredentials(fs.mkdtempSync(path.join(dir, 'foreign-')))).submitEvent(
          event(uniqueId('sec-foreign')),
        ),
      );

      expect(attempt.code).to.equal(status.UNAUTHENTICATED);
      expect(attempt.details).to.contain('is not issued by a CA of a member org of the channel');
      expect(await journalSize()).to.equal(before);
    });

    it('refuses an expired certificate of a member CA with UNAUTHENTICATED naming the date, writing nothing', async () => {
      const before = await journalSize();

      const attempt = await outcome(
        clientOf('org1', expiredOrg1Credentials(fs.mkdtempSync(path.join(dir, 'expired-')))).submitEvent(
          event(uniqueId('sec-expired')),
        ),
      );

      expect(attempt.code).to.equal(status.UNAUTHENTICATED);
      expect(attempt.details).to.contain('(Org1MSP) expired on 2020-01-02T00:00:00Z');
      expect(await journalSize()).to.equal(before);
    });

    it('refuses a plaintext client of a TLS gateway (no handshake: UNAVAILABLE)', async () => {
      const gateway = gateways.get('org1');
      const plaintext = newLedgerClient(gateway?.address ?? '', { insecure: true, timeoutMs: 10_000 });
      clients.push(plaintext);

      const attempt = await outcome(plaintext.submitEvent(event(uniqueId('sec-plain'))));

      expect(attempt.code).to.equal(status.UNAVAILABLE);
    });

    it('refuses a revoked user at every gateway from the moment ledger users revoke returns', async () => {
      const name = uniqueId('sec-rev').replace(/[^A-Za-z0-9._-]/g, '-');
      const added = await runLedgerCli(['users', 'add', '--org', 'org1', '--name', name, '--role', 'teller']);
      expect(added.code, added.stderr).to.equal(0);
      const before = await journalSize();
      const served = await outcome(as('org1', 'org1', name).submitEvent(event(uniqueId('sec-rev-ok'))));
      expect(served.code, served.details).to.equal(status.OK);
      const credentials = userCredentials('org1', name);

      const revoked = await runLedgerCli(['users', 'revoke', '--org', 'org1', '--name', name]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      const applied = (JSON.parse(revoked.stdout) as { gateways: { org: string; state: string }[] }).gateways;
      expect(applied.filter((g) => g.org === 'org1' || g.org === 'org2').map((g) => g.state)).to.deep.equal([
        'applied',
        'applied',
      ]);
      const atOrg1 = await outcome(clientOf('org1', credentials).submitEvent(event(uniqueId('sec-rev-1'))));
      const atOrg2 = await outcome(clientOf('org2', credentials).getDigest());

      for (const refused of [atOrg1, atOrg2]) {
        expect(refused.code).to.equal(status.UNAUTHENTICATED);
        expect(refused.details).to.match(/\(Org1MSP\) is revoked by its CA \(serial [0-9a-f]+\)/);
      }
      expect(Number(await journalSize())).to.equal(Number(before) + 1);
    });
  });

  describe('what the caller may do: the default authorization table, role by role', function () {
    const table = memberAuthorizationTable(['Org1MSP', 'Org2MSP'], 'Org1MSP');
    const roles: readonly [PeerOrg, string, string][] = [
      ['org1', 'teller1', 'teller'],
      ['org1', 'auditor1', 'auditor'],
      ['org1', 'custodian1', 'custodian'],
      ['org1', 'admin1', 'admin'],
      ['org1', 'gateway1', 'gateway'],
      ['org1', 'norole1', ''],
      ['org2', 'teller1', 'teller'],
      ['org2', 'auditor1', 'auditor'],
      ['org2', 'admin1', 'admin'],
    ];
    const calls: Readonly<Record<Operation, (client: LedgerClient) => Promise<unknown>>> = {
      submit: (client) => client.submitEvent(event(uniqueId('sec-table'))),
      read: (client) => client.getDigest(),
      stream: (client) => firstStreamItem(client, 0),
      export: (client) => firstStreamItem(client, 1),
      health: (client) => client.healthCheck(),
    };

    for (const [org, user, role] of roles) {
      const msp = orgLayout(layout, org).mspId;
      const allowed = allowedOperations(table, msp, role);
      it(`at Org1's gateway, ${msp} ${user} (role "${role}") may ${[...allowed].sort().join(', ') || 'nothing'} and is refused the rest with PERMISSION_DENIED, writing nothing`, async () => {
        const client = as('org1', org, user);
        const before = await journalSize();
        const outcomes: Record<string, number> = {};
        for (const [operation, call] of Object.entries(calls)) {
          outcomes[operation] = (await outcome(call(client))).code;
        }
        const submitted = outcomes.submit === status.OK ? 1 : 0;

        const want = Object.fromEntries(
          Object.keys(calls).map((op) => [
            op,
            allowed.has(op as Operation) ? status.OK : status.PERMISSION_DENIED,
          ]),
        );
        expect(outcomes).to.deep.equal(want);
        expect(Number(await journalSize())).to.equal(Number(before) + submitted);
      });
    }
  });

  describe('one org acting as another', function () {
    it("refuses an Org2 teller's submit through Org1's gateway, and seals it through Org2's own", async () => {
      const before = await journalSize();
      const id = uniqueId('sec-org2');

      const atOrg1 = await outcome(as('org1', 'org2', 'teller1').submitEvent(event(id)));
      const atOrg2 = await as('org2', 'org2', 'teller1').submitEvent(event(id));

      expect(atOrg1.code).to.equal(status.PERMISSION_DENIED);
      expect(atOrg1.details).to.contain('Org2MSP with ledger.role "teller" may not submit');
      expect(atOrg2.eventId).to.equal(id);
      expect(Number(await journalSize('org2'))).to.be.greaterThan(Number(before));
    });

    it("cannot take Org1's event id: Org2's gateway identity journals it first, straight to the chaincode, and Org1's event is still sealed as Org1's", async () => {
      const id = uniqueId('sec-squat');
      const fabric = connectAs({ org: orgLayout(layout, 'org2'), user: 'gateway1' });
      try {
        const contract = fabric.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
        const squat = {
          eventId: id,
          payload: Buffer.from('squatted by Org2').toString('base64'),
          vepsSignature: '',
          vepsTimestamp: String(Date.now()),
          metadata: {},
        };
        await contract.submitTransaction('Journal:SubmitEvents', JSON.stringify([squat]));
      } finally {
        fabric.close();
      }

      const mine = await as('org1', 'org1', 'teller1').submitEvent(event(id));
      expect([mine.eventId, mine.submitterMspId, Buffer.from(mine.payload).toString()]).to.deep.equal([
        id,
        'Org1MSP',
        `security ${id}`,
      ]);
      const reader = as('org1', 'org1', 'auditor1');
      const own = await reader.getEventById(id);
      const org2s = await reader.getEventById(id, 'Org2MSP');
      expect(own.sequenceNumber).to.equal(mine.sequenceNumber);
      expect([org2s.submitterMspId, Buffer.from(org2s.payload).toString()]).to.deep.equal([
        'Org2MSP',
        'squatted by Org2',
      ]);
      expect(Number(org2s.sequenceNumber)).to.be.lessThan(Number(mine.sequenceNumber));
    });
  });

  describe('who may sign a digest: the trust file from the channel configuration', function () {
    /** Runs `ledger verify-export` of a forged export signed by `signer` against `trust`. */
    const verifyForged = async (
      signer: { certificatePem: string; privateKeyPem: string },
      trust: string,
    ): Promise<{ code: number | null; stderr: string }> => {
      const out = fs.mkdtempSync(path.join(dir, 'forged-'));
      writeForgedExport(out, signer);
      return runLedgerCli(['verify-export', out, '--trust', trust]);
    };
    const signerOf = (credentials: Credentials): { certificatePem: string; privateKeyPem: string } => ({
      certificatePem: credentials.clientCertPem.toString('utf8'),
      privateKeyPem: credentials.clientKeyPem.toString('utf8'),
    });

    it("trusts the channel's members, refuses a teller's digest, and a gateway identity's once its revocation is in the channel", async () => {
      const trust = path.join(dir, 'trust.json');
      const first = await runLedgerCli(['trust', 'from-channel', '--out', trust]);
      expect(first.code, first.stderr).to.equal(0);
      const written = JSON.parse(first.stdout) as { members: { mspId: string }[]; dropped: string[] };
      expect(written.members.map((m) => m.mspId)).to.include.members(['Org1MSP', 'Org2MSP']);
      expect((fs.statSync(trust).mode & 0o777).toString(8)).to.equal('644');

      const teller = await verifyForged(signerOf(userCredentials('org1', 'teller1')), trust);
      expect(teller.code).to.equal(1);
      expect(teller.stderr).to.contain('has ledger.role "teller", want "gateway"');

      // A second gateway identity, registered at Org1's CA by its operator (`ledger users add` issues
      // no gateway role), so that `ledger users revoke` can revoke it.
      const name = uniqueId('sec-gw').replace(/[^A-Za-z0-9._-]/g, '-');
      await addUser(orgLayout(layout, 'org1'), name, 'gateway');
      const gatewaySigner = signerOf(userCredentials('org1', name));
      const trusted = await verifyForged(gatewaySigner, trust);
      expect(trusted.code, trusted.stderr).to.equal(0);

      const revoked = await runLedgerCli(['users', 'revoke', '--org', 'org1', '--name', name]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      const stale = await verifyForged(gatewaySigner, trust);
      expect(stale.code, 'a trust file read before the revocation does not know it').to.equal(0);
      const refreshed = await runLedgerCli(['trust', 'from-channel', '--out', trust, '--user', 'auditor1']);
      expect(refreshed.code, refreshed.stderr).to.equal(0);
      const refused = await verifyForged(gatewaySigner, trust);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/is revoked \(serial [0-9a-f]+\)/);
    });
  });

  describe('time', function () {
    it("refuses to endorse a journal write backdated by 25 hours, even with the gateway's own identity", async () => {
      const fabric = connectAs({ org: orgLayout(layout, 'org1'), user: 'gateway1' });
      try {
        const contract = fabric.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
        const signer = loadSigner(path.join(orgLayout(layout, 'org1').usersDir, 'gateway1', 'msp'));
        const before = await journalSize();

        const backdated = submitBackdated(
          fabric.gateway,
          contract,
          signer,
          'Journal:SubmitEvents',
          ['[]'],
          25 * HOUR_MS,
        );
        const current = submitBackdated(fabric.gateway, contract, signer, 'Journal:SubmitEvents', ['[]'], 0);

        await expect(backdated).to.be.rejected.then((err: unknown) => {
          expect(err).to.be.instanceOf(EndorseError);
          const messages = (err as EndorseError).details.map((d) => d.message).join(' | ');
          expect(messages).to.match(/\[FAILED_PRECONDITION\] Journal:SubmitEvents: transaction timestamp/);
        });
        // The same call on time is refused for its content, not its time: the clock check decided above.
        await expect(current).to.be.rejected.then((err: unknown) => {
          const messages = (err as EndorseError).details.map((d) => d.message).join(' | ');
          expect(messages).to.match(/\[INVALID_ARGUMENT\]/);
          expect(messages).to.not.match(/transaction timestamp/);
        });
        expect(await journalSize()).to.equal(before);
      } finally {
        fabric.close();
      }
    });
  });
});
