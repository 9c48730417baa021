// Private terms on the real network (issue 18): Org1 and Org2 keep the terms of a hand-off in their
// private data collection (terms-Org1MSP-Org2MSP, from scripts/terms-collections.sh at deploy). The
// value goes only through the transient map; the block every member holds carries its SHA-256 alone;
// the parties read it from their own peers; a third member (Org3: invited by vote here unless an
// earlier suite made it a member, the consortium's own path, as keyLevelEndorsement.spec.ts does) is
// refused the value and sees only the hash; and the parties prove the value against the journal's
// sealed entry with a receipt that `ledger verify-receipt` checks offline (a tampered value fails).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { getTerms, latestRevision, putTerms, termsReceipt, type TermsRef } from '@gateway/terms/termsClient';
import { proveTerms, termsLocation } from '@gateway/terms/termsProof';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import { channelState, ensureThirdMember } from '@test-support/orgMembership';
import { layout, openLedger, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const repo = path.join(__dirname, '..', '..');
const TERMS = Buffer.from(
  JSON.stringify({ price: '1250.00', currency: 'USD', incoterm: 'FCA', handOff: 'Rotterdam, 48 h' }),
  'utf8',
);
const SHA256 = createHash('sha256').update(TERMS).digest('hex');
const TAMPERED = Buffer.from(TERMS.toString('utf8').replace('1250.00', '125.00'), 'utf8');

describe('private terms of two orgs, on the real network', function () {
  this.timeout(600_000);
  const sessions: LedgerSession[] = [];
  const open = (org: PeerOrg, user: string): LedgerSession => {
    const session = openLedger(org, user);
    sessions.push(session);
    return session;
  };
  let org1: LedgerSession;
  let org2: LedgerSession;
  let org3: LedgerSession;
  let devGateway: DevGateway | undefined;
  /** Org1's development gateway (started in before). */
  const dev = (): DevGateway => {
    if (devGateway === undefined) throw new Error('the gateway did not start');
    return devGateway;
  };
  const ref: TermsRef = { termsId: uniqueId('T'), partyA: 'Org1MSP', partyB: 'Org2MSP' };
  const { journalKey } = termsLocation(ref.termsId, ref.partyA, ref.partyB);
  let fabricTxId = '';

  /** The chaincode's error code of a call, or `ok`. */
  const outcome = (call: Promise<unknown>): Promise<string> =>
    call.then(
      () => 'ok',
      (err: unknown) => chaincodeErrorCode(err) ?? `not a chaincode refusal: ${String(err)}`,
    );

  before(async function () {
    await ensureThirdMember(layout, repo, 'org3', (org) => open(org, 'admin1'));
    org1 = open('org1', 'custodian1');
    org2 = open('org2', 'custodian1');
    org3 = open('org3', 'auditor1');
    devGateway = await startDevGateway('org1', 'private-terms-it');
  });

  after(async () => {
    sessions.forEach((s) => {
      s.close();
    });
    if (devGateway !== undefined) {
      await devGateway.stop();
      fs.rmSync(devGateway.dir, { recursive: true, force: true });
    }
  });

  it('runs with a third member org that is no party: Org3 in the channel, its peer joined', () => {
    const state = channelState(repo);

    expect(state.members).to.include.members(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    expect(state.joinedPeers).to.include('Org3MSP');
  });

  it('refuses terms from an org that is not a party (Org3 for Org1 and Org2) and writes nothing', async () => {
    const org3Teller = open('org3', 'teller1');

    expect(await outcome(putTerms(org3Teller.contract, ref, TERMS))).to.equal('PERMISSION_DENIED');
    expect(
      await outcome(
        org3.contract.evaluateTransaction('Terms:GetTermsHash', ref.termsId, 'Org1MSP', 'Org2MSP'),
      ),
    ).to.equal('NOT_FOUND');
  });

  it('stores the terms from the transient map: the chaincode answers their SHA-256 and the collection', async () => {
    const result = await putTerms(org1.contract, ref, TERMS);
    fabricTxId = result.fabricTxId;

    expect(result).to.include({ collection: 'terms-Org1MSP-Org2MSP', journalKey, valueSha256: SHA256 });
  });

  it('lets both parties read the terms from their own peers', async () => {
    let fromOrg2: Uint8Array = new Uint8Array(0);
    await waitFor(
      "Org2's peer has the terms",
      async () => {
        fromOrg2 = await getTerms(org2.contract, ref).catch(() => new Uint8Array(0));
        return fromOrg2.length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    expect(Buffer.from(await getTerms(org1.contract, ref))).to.deep.equal(TERMS);
    expect(Buffer.from(fromOrg2)).to.deep.equal(TERMS);
  });

  it("refuses the terms to Org3, whose peer holds only their hash: the block on Org3's peer has the hash, not the terms", async () => {
    let block = Buffer.alloc(0);
    const qscc = org3.network.getContract('qscc');
    await waitFor(
      "Org3's peer has the block",
      async () => {
        block = await qscc
          .evaluateTransaction('GetBlockByTxID', layout.channelName, fabricTxId)
          .then((bytes) => Buffer.from(bytes))
          .catch(() => Buffer.alloc(0));
        return block.length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    expect(await outcome(getTerms(org3.contract, ref))).to.equal('PERMISSION_DENIED');
    const hash = JSON.parse(
      text(await org3.contract.evaluateTransaction('Terms:GetTermsHash', ref.termsId, 'Org2MSP', 'Org1MSP')),
    ) as { valueSha256: string };
    expect(hash.valueSha256).to.equal(SHA256);
    expect(block.includes(TERMS), 'the block holds the terms').to.equal(false);
    expect(block.includes(Buffer.from(SHA256, 'hex')), 'the block holds their SHA-256').to.equal(true);
  });

  it("proves the terms Org2 holds against the journal's sealed entry: the receipt verifies offline", async () => {
    await waitFor(
      'the gateway sealed the terms write',
      async () => (await latestRevision(dev().client, journalKey)) !== undefined,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
    const held = await getTerms(org2.contract, ref);
    const receipt = await termsReceipt(dev().client, ref, held);
    const file = path.join(dev().dir, 'terms-receipt.json');
    fs.writeFileSync(file, JSON.stringify(receipt));

    const verified = await runLedgerCli([
      'verify-receipt',
      file,
      '--org-ca',
      orgLayout(layout, 'org1').caCertPath,
    ]);

    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.contain(`revision: key ${journalKey}`);
    expect(verified.stdout).to.contain('hashes to the sealed value hash');
    const revision = (receipt as { revision: { valueHash: string; value: string } }).revision;
    expect(revision.valueHash).to.equal(SHA256);
  });

  it('does the same from the command line: ledger terms get and prove as Org2, a tampered --text exits 1', async () => {
    const asOrg2 = ['--with', 'Org1MSP', '--org', 'org2', '--user', 'custodian1'];
    const file = path.join(dev().dir, 'terms-receipt-cli.json');

    const got = await runLedgerCli(['terms', 'get', ref.termsId, ...asOrg2]);
    const proven = await runLedgerCli([
      'terms',
      'prove',
      ref.termsId,
      ...asOrg2,
      '--receipt',
      file,
      '--insecure',
      '--address',
      dev().gateway.address,
    ]);
    const verified = await runLedgerCli([
      'verify-receipt',
      file,
      '--org-ca',
      orgLayout(layout, 'org1').caCertPath,
    ]);
    const tampered = await runLedgerCli([
      'terms',
      'prove',
      ref.termsId,
      ...asOrg2,
      '--text',
      TAMPERED.toString('utf8'),
      '--receipt',
      `${file}.tampered`,
      '--insecure',
      '--address',
      dev().gateway.address,
    ]);
    const org3Get = await runLedgerCli([
      'terms',
      'get',
      ref.termsId,
      '--with',
      'Org1MSP',
      '--org',
      'org3',
      '--user',
      'auditor1',
    ]);

    expect(got.code, got.stderr).to.equal(0);
    expect(Buffer.from(got.stdout, 'utf8')).to.deep.equal(TERMS);
    expect(proven.code, proven.stderr).to.equal(0);
    expect(JSON.parse(proven.stdout)).to.include({ proven: true, journalKey, valueSha256: SHA256 });
    expect(verified.code, verified.stderr).to.equal(0);
    expect(tampered.code).to.equal(1);
    expect(tampered.stderr).to.contain(`the journal sealed ${SHA256}`);
    expect(fs.existsSync(`${file}.tampered`)).to.equal(false);
    // Org3 names itself and Org1: no such terms (its own pair); it cannot name Org1 and Org2 as parties.
    expect(org3Get.code).to.equal(1);
    expect(org3Get.stderr).to.contain('[NOT_FOUND]');
  });

  it('does not prove tampered terms: neither the check against the seal nor the offline receipt verifies', async () => {
    const sealed = await latestRevision(dev().client, journalKey);
    const good = JSON.parse(fs.readFileSync(path.join(dev().dir, 'terms-receipt.json'), 'utf8')) as {
      revision: { value: string };
    };
    good.revision.value = TAMPERED.toString('base64');
    const file = path.join(dev().dir, 'terms-receipt.tampered.json');
    fs.writeFileSync(file, JSON.stringify(good));

    const checked = proveTerms(TAMPERED, sealed!.seal!.payload, journalKey);
    const refused = await termsReceipt(dev().client, ref, TAMPERED).then(
      () => 'written',
      (err: unknown) => String(err),
    );
    const verified = await runLedgerCli([
      'verify-receipt',
      file,
      '--org-ca',
      orgLayout(layout, 'org1').caCertPath,
    ]);

    expect(checked.ok).to.equal(false);
    expect(refused).to.contain(`the journal sealed ${SHA256}`);
    expect(verified.code).to.equal(1);
    expect(verified.stderr).to.contain('receipt verification failed: revision');
  });
});
