// Consortium VEPS keys on the real network: the members vote a VEPS key onto the chain (`ledger gov
// propose --veps-keys`, votes, `ledger gov execute`), and from then on every endorsing peer checks the
// signature of every event in Journal:SubmitEvents, whoever submits it: a gateway-role identity calling
// the chaincode directly gets the same refusal as a client of a gateway without keys of its own. The
// suite votes the keys off again at its end (and in after() if a test failed before), so the specs
// that share the network after it see no keys.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { EndorseError, type Contract } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import type { CommittedTransaction } from '@gateway/fabric/awaitCommitted';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { newGovernanceClient, type GovernanceClient } from '@gateway/governance/governanceClient';
import { signVepsEvent } from '@gateway/veps/vepsSignature';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { runLedgerCli, type LedgerRun } from '@test-support/ledgerCli';
import { userCredentials } from '@test-support/testCertificates';
import { layout, text, uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const repo = path.join(__dirname, '..', '..');
const KEY_ID = 'consortium-veps';
const OK: number = status.OK;

/** What `ledger gov propose|vote|execute` print: the proposal or outcome and where it was committed. */
interface CliRecord {
  readonly proposalId?: string;
  readonly status: string;
  readonly actions?: { readonly vepsKeys?: unknown };
  readonly commit: { readonly transactionId: string; readonly blockNumber: string };
}

function cliRecord(run: LedgerRun): CliRecord {
  expect(run.code, `ledger exited ${String(run.code)}: ${run.stderr}`).to.equal(0);
  return JSON.parse(run.stdout) as CliRecord;
}

const committed = (record: CliRecord): CommittedTransaction => ({
  transactionId: record.commit.transactionId,
  blockNumber: BigInt(record.commit.blockNumber),
});

/** An event with its signed fields, as a gateway client sends it. */
interface SignedEvent {
  readonly eventId: string;
  readonly payload: Buffer;
  readonly vepsTimestamp: number;
  readonly metadata: Record<string, string>;
  readonly vepsSignature: string;
}

function signedEvent(key: KeyObject, prefix: string): SignedEvent {
  const fields = {
    eventId: uniqueId(prefix),
    payload: Buffer.from(`consortium veps ${prefix} ${Date.now()}`),
    vepsTimestamp: Date.now(),
    metadata: { source: 'vepsConsortium.spec' },
  };
  return { ...fields, vepsSignature: signVepsEvent(key, fields, KEY_ID) };
}

/** The event as Journal:SubmitEvents takes it (what a gateway sends). */
const journalForm = (e: SignedEvent): Record<string, unknown> => ({
  eventId: e.eventId,
  payload: e.payload.toString('base64'),
  vepsSignature: Buffer.from(e.vepsSignature, 'utf8').toString('base64'),
  vepsTimestamp: String(e.vepsTimestamp),
  metadata: e.metadata,
});

const grpcOutcome = (attempt: Promise<unknown>): Promise<{ code: number; details: string }> =>
  attempt.then(
    () => ({ code: OK, details: '' }),
    (err: unknown) => ({ code: (err as ServiceError).code, details: (err as ServiceError).details }),
  );

describe('consortium VEPS keys: every peer checks event signatures', function () {
  this.timeout(300_000);
  const connections: FabricConnection[] = [];
  const gateways = new Map<PeerOrg, GatewayProcess>();
  const clients: LedgerClient[] = [];
  const vepsKey = generateKeyPairSync('ed25519');
  const otherKey = generateKeyPairSync('ed25519');
  let dir: string;
  let org1Admin: GovernanceClient;
  let org2Admin: GovernanceClient;
  /** Org2's gateway identity, calling the chaincode directly. */
  let org2GatewayIdentity: Contract;

  const open = (org: PeerOrg, user: string): FabricConnection => {
    const c = connectAs({ org: orgLayout(layout, org), user });
    connections.push(c);
    return c;
  };
  const governanceOf = (c: FabricConnection): GovernanceClient => {
    const network = c.gateway.getNetwork(layout.channelName);
    return newGovernanceClient(network.getContract(layout.chaincodeName), network);
  };
  const orgOfMsp = (mspId: string): PeerOrg => {
    const org = Object.keys(layout.orgs).find((o) => orgLayout(layout, o).mspId === mspId);
    if (org === undefined) throw new Error(`no org of ${mspId} in this network`);
    return org;
  };
  /** A client of `org`'s gateway as that org's teller1 (may submit and read). */
  const tellerAt = (org: PeerOrg): LedgerClient => {
    const gateway = gateways.get(org);
    if (gateway === undefined) throw new Error(`no gateway of ${org}`);
    const rootCertPem = fs.readFileSync(path.join(orgLayout(layout, org).gatewayTlsDir, 'ca.pem'));
    const client = newLedgerClient(gateway.address, {
      rootCertPem,
      timeoutMs: 60_000,
      ...userCredentials(org, 'teller1'),
    });
    clients.push(client);
    return client;
  };
  /** The seal of `eventId` at a gateway, or undefined while it answers NOT_FOUND. */
  /** The seal of `eventId` journaled by `submitterMspId`'s org (default: the gateway's own org). */
  const sealAt = async (
    client: LedgerClient,
    eventId: string,
    submitterMspId?: string,
  ): Promise<SealedEvent__Output | undefined> => {
    try {
      return await client.getEventById(eventId, submitterMspId);
    } catch (err) {
      if ((err as ServiceError).code === status.NOT_FOUND) return undefined;
      throw err;
    }
  };
  const consortiumKeyIds = async (): Promise<string[]> =>
    (JSON.parse(await org1Admin.getVepsKeys()) as { keys: { id: string }[] }).keys.map((k) => k.id);

  /**
   * Proposes the VEPS keys of `flag` from the command line as Org1, every member votes YES (each after
   * its peer committed the previous write) until it is APPROVED, and Org1 executes it from the command
   * line; returns the execution's record once Org2's peer has it too.
   */
  async function voteKeys(flag: string): Promise<CliRecord> {
    const proposed = cliRecord(
      await runLedgerCli([
        'gov',
        'propose',
        '--veps-keys',
        flag,
        '--org',
        'org1',
        '--description',
        'VEPS keys',
      ]),
    );
    const proposalId = proposed.proposalId ?? '';
    let last = committed(proposed);
    const members = (await org1Admin.getConsortium()).members.map((m) => m.mspId);
    for (const mspId of members) {
      const admin = governanceOf(open(orgOfMsp(mspId), 'admin1'));
      await admin.awaitCommitted(last);
      const voted = await admin.vote(proposalId, 'YES');
      last = voted.commit;
      if (voted.status === 'APPROVED') break;
    }
    const after = `${last.transactionId}@${last.blockNumber.toString()}`;
    const executed = cliRecord(
      await runLedgerCli(['gov', 'execute', proposalId, '--org', 'org1', '--after', after]),
    );
    expect(executed.status).to.equal('EXECUTED');
    await org2Admin.awaitCommitted(committed(executed));
    const verify = await runLedgerCli(['gov', 'verify', proposalId, '--org', 'org2']);
    expect(verify.code, verify.stderr).to.equal(0);
    expect(JSON.parse(verify.stdout)).to.deep.include({ proposalId, verified: true, problems: [] });
    return { ...executed, proposalId };
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veps-consortium-'));
    const org1 = open('org1', 'admin1');
    const org2 = open('org2', 'admin1');
    org1Admin = governanceOf(org1);
    org2Admin = governanceOf(org2);
    // Found the consortium unless an earlier suite on this network did.
    const charter = fs.readFileSync(path.join(repo, 'channel-config', 'consortium.json'), 'utf8');
    for (const admin of [org1Admin, org2Admin]) {
      await admin.initConsortium(charter).catch((err: unknown) => {
        if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
      });
    }
    await waitFor(
      'both peers see the consortium',
      async () =>
        (
          await Promise.all(
            [org1Admin, org2Admin].map((a) =>
              a.getConsortium().then(
                () => true,
                () => false,
              ),
            ),
          )
        ).every(Boolean),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(await consortiumKeyIds(), 'consortium VEPS keys before this suite').to.deep.equal([]);
    org2GatewayIdentity = open('org2', 'gateway1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    // Gateways with no VEPS keys of their own (the secure default otherwise), started before the vote.
    const env: NodeJS.ProcessEnv = { ...process.env, LEDGER_GATEWAY_METRICS_PORT: '0' };
    delete env.LEDGER_GATEWAY_VEPS_KEYS;
    for (const org of ['org1', 'org2'] as const) {
      gateways.set(
        org,
        await startGatewayProcess(['--org', org, '--index', path.join(dir, `${org}.sqlite`)], env),
      );
    }
  });

  after(async () => {
    // Leave no keys for the suites after this one, even when a test failed before turning them off.
    if ((await consortiumKeyIds()).length > 0) await voteKeys('none');
    clients.forEach((c) => {
      c.close();
    });
    await Promise.all([...gateways.values()].map((g) => g.stop()));
    connections.forEach((c) => {
      c.close();
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sets a consortium key by proposal, votes and execution from the command line, with no channel change', async () => {
    const file = path.join(dir, `${KEY_ID}.pem`);
    fs.writeFileSync(file, vepsKey.publicKey.export({ type: 'spki', format: 'pem' }));

    const executed = await voteKeys(file);

    const shown = await runLedgerCli(['gov', 'veps-keys', '--org', 'org2']);
    expect(shown.code, shown.stderr).to.equal(0);
    const record = JSON.parse(shown.stdout) as { keys: { id: string }[]; proposalId: string };
    expect(record.keys.map((k) => k.id)).to.deep.equal([KEY_ID]);
    expect(record.proposalId).to.equal(executed.proposalId);
  });

  it('refuses at endorsement a direct Journal:SubmitEvents by a gateway identity with a wrong signature, and seals a signed one at both gateways', async () => {
    const forged = signedEvent(otherKey.privateKey, 'veps-forged');
    const good = signedEvent(vepsKey.privateKey, 'veps-direct');

    const refusal = await org2GatewayIdentity
      .submitTransaction('Journal:SubmitEvents', JSON.stringify([journalForm(forged)]))
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    const accepted = JSON.parse(
      text(
        await org2GatewayIdentity.submitTransaction(
          'Journal:SubmitEvents',
          JSON.stringify([journalForm(good)]),
        ),
      ),
    ) as { accepted: string[] };

    expect(refusal).to.be.instanceOf(EndorseError);
    const messages = (refusal as EndorseError).details.map((d) => d.message).join('\n');
    expect(messages).to.match(/\[INVALID_ARGUMENT\] events\[0\]\.vepsSignature: does not verify/);
    expect(accepted.accepted).to.deep.equal([good.eventId]);
    const [at1, at2] = [tellerAt('org1'), tellerAt('org2')];
    const seals = new Map<PeerOrg, SealedEvent__Output>();
    await waitFor(
      'both gateways seal the signed event',
      async () => {
        for (const [org, client] of [
          ['org1', at1],
          ['org2', at2],
        ] as const) {
          // Org2's gateway identity journaled it: event ids are scoped by the journaling org.
          const seal = seals.get(org) ?? (await sealAt(client, good.eventId, 'Org2MSP'));
          if (seal !== undefined) seals.set(org, seal);
        }
        return seals.size === 2;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const [seal1, seal2] = [seals.get('org1'), seals.get('org2')];
    expect(seal1?.vepsSignature).to.equal(good.vepsSignature);
    expect(seal2?.sequenceNumber).to.equal(seal1?.sequenceNumber);
    expect(Buffer.from(seal2?.eventHash ?? []).toString('hex')).to.equal(
      Buffer.from(seal1?.eventHash ?? []).toString('hex'),
    );
    // Sealed after the refusal: had the forged event been ordered, both would have it by now.
    expect(await sealAt(at1, forged.eventId, 'Org2MSP')).to.equal(undefined);
    expect(await sealAt(at2, forged.eventId, 'Org2MSP')).to.equal(undefined);
  });

  it("answers INVALID_ARGUMENT at Org1's gateway, which has no keys of its own, for a wrong signature, and seals a signed event", async () => {
    const client = tellerAt('org1');
    const forged = signedEvent(otherKey.privateKey, 'veps-gw-forged');
    const unsigned = { ...signedEvent(vepsKey.privateKey, 'veps-gw-unsigned'), vepsSignature: '' };
    const good = signedEvent(vepsKey.privateKey, 'veps-gw-good');

    const forgedOutcome = await grpcOutcome(client.submitEvent(forged));
    const unsignedOutcome = await grpcOutcome(client.submitEvent(unsigned));
    const sealed = await client.submitEvent(good);

    expect(forgedOutcome.code, forgedOutcome.details).to.equal(status.INVALID_ARGUMENT);
    expect(forgedOutcome.details).to.match(
      new RegExp(
        `^veps_signature of event_id "${forged.eventId}": does not verify over the event's signed bytes`,
      ),
    );
    expect(unsignedOutcome.code, unsignedOutcome.details).to.equal(status.INVALID_ARGUMENT);
    expect(sealed.eventId).to.equal(good.eventId);
    expect(await sealAt(client, forged.eventId)).to.equal(undefined);
  });

  it('turns the check off by voting an empty key list: an unsigned event is journaled again', async () => {
    await voteKeys('none');

    expect(await consortiumKeyIds()).to.deep.equal([]);
    const unsigned = JSON.stringify([
      journalForm({ ...signedEvent(vepsKey.privateKey, 'veps-off'), vepsSignature: '' }),
    ]);
    const result = JSON.parse(
      text(await org2GatewayIdentity.submitTransaction('Journal:SubmitEvents', unsigned)),
    ) as {
      accepted: string[];
    };
    expect(result.accepted).to.have.length(1);
    // Org1's gateway follows the record: its front door lets an unsigned event through again.
    const client = tellerAt('org1');
    await waitFor(
      "Org1's gateway seals an unsigned event",
      async () =>
        (
          await grpcOutcome(
            client.submitEvent({ ...signedEvent(vepsKey.privateKey, 'veps-off-gw'), vepsSignature: '' }),
          )
        ).code === OK,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  });
});
