import { expect } from 'chai';
import * as sinon from 'sinon';
import { MigrationContract } from '@chaincode/contracts/migrationContract';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { LedgerError } from '@chaincode/lib/errors';
import { journalLeaves, MAX_PAYLOAD_BYTES } from '@chaincode/lib/journal';
import { importBatchKey, importKey } from '@chaincode/lib/keys';
import { sha256Hex } from '@chaincode/lib/sha256';
import type { ImportEntriesResult } from '@chaincode/model/import';
import { Harness, parse } from '../harness';

const revision = (id: string, version = 0): Record<string, unknown> => ({
  type: 'qldb-revision',
  importId: `qldb/L/${id}/${version}`,
  record: { type: 'qldb-revision', table: 'Vehicle', documentId: id, version, data: { VIN: `V-${id}` } },
});

describe('MigrationContract', () => {
  let h: Harness;
  const migration = new MigrationContract();

  const importEntries = (entries: unknown, who = h.ids.admin1): Promise<ImportEntriesResult> =>
    h
      .submit(migration, who, (ctx) =>
        migration.ImportEntries(ctx, typeof entries === 'string' ? entries : JSON.stringify(entries)),
      )
      .then((text) => parse<ImportEntriesResult>(text));

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Migration', () => {
    expect(migration.getName()).to.equal('Migration');
  });

  describe('#ImportEntries', () => {
    it('journals one entry per record, in input order, whose leaf is the import id and the record as canonical JSON', async () => {
      const result = await importEntries([revision('B'), revision('A')]);
      expect(result).to.deep.equal({ imported: ['qldb/L/B/0', 'qldb/L/A/0'], skipped: [], conflicts: [] });
      const record = h.journal();
      expect(record.actor).to.include({ msp: 'Org1MSP', role: 'admin' });
      expect(record.entries.map((e) => e.type)).to.deep.equal(['qldb-revision', 'qldb-revision']);
      const leaves = journalLeaves(record);
      expect(leaves[0]!.eventId).to.equal('qldb/L/B/0');
      expect(Buffer.from(leaves[0]!.payload).toString('utf8')).to.equal(
        '{"data":{"VIN":"V-B"},"documentId":"B","table":"Vehicle","type":"qldb-revision","version":0}',
      );
      const payloadSha = sha256Hex(canonicalBytes(revision('B').record));
      expect(h.fake.json(importKey('Org1MSP', 'qldb/L/B/0'))).to.deep.equal({
        type: 'qldb-revision',
        payloadSha256: payloadSha,
        fabricTxId: h.fake.txId,
      });
      expect(h.fake.json(importBatchKey(h.fake.txId))).to.include({ timestamp: '2025-01-01T00:00:01.000Z' });
    });

    it('skips a record the org imported before with the same content, and journals nothing when all are skipped', async () => {
      await importEntries([revision('A')]);
      const again = await importEntries([revision('A')]);
      expect(again).to.deep.equal({ imported: [], skipped: ['qldb/L/A/0'], conflicts: [] });
      expect(h.fake.events).to.have.length(0);
    });

    it('reports a conflict for an id the org imported before with other content, and journals only the new ones', async () => {
      await importEntries([revision('A')]);
      const changed = {
        ...revision('A'),
        record: { ...(revision('A').record as object), version: 0, data: {} },
      };
      const result = await importEntries([changed, revision('C')]);
      expect(result).to.deep.equal({ imported: ['qldb/L/C/0'], skipped: [], conflicts: ['qldb/L/A/0'] });
      expect(h.journal().entries).to.have.length(1);
    });

    it("scopes import ids by the importing org: Org2 importing Org1's id journals its own entry", async () => {
      await importEntries([revision('A')]);
      const result = await importEntries([revision('A')], h.ids.admin2);
      expect(result.imported).to.deep.equal(['qldb/L/A/0']);
      expect(h.fake.json(importKey('Org2MSP', 'qldb/L/A/0'))).to.not.equal(undefined);
    });

    it('refuses a caller who is not an admin, and writes nothing', async () => {
      await expect(importEntries([revision('A')], h.ids.teller1)).to.be.rejectedWith(
        LedgerError,
        /PERMISSION_DENIED/,
      );
      await expect(importEntries([revision('A')], h.ids.gateway1)).to.be.rejectedWith(
        LedgerError,
        /PERMISSION_DENIED/,
      );
      expect(h.fake.json(importKey('Org1MSP', 'qldb/L/A/0'))).to.equal(undefined);
    });

    it('refuses the whole call naming the field: an unknown type, a record of another type, an id with a space, a repeated id, a record that is not an object', async () => {
      const cases: [unknown, RegExp][] = [
        [[{ ...revision('A'), type: 'event' }], /entries\[0\]\.type/],
        [[{ ...revision('A'), type: 'qldb-anchor' }], /entries\[0\]\.record\.type/],
        [[{ ...revision('A'), importId: 'a b' }], /entries\[0\]\.importId/],
        [[revision('A'), revision('A')], /entries\[1\]\.importId/],
        [[{ ...revision('A'), record: [1] }], /entries\[0\]\.record/],
        [[{ ...revision('A'), extra: 1 }], /entries\[0\]\.extra/],
        [[], /entriesJson/],
        ['[{', /entriesJson/],
      ];
      for (const [entries, field] of cases) {
        await expect(importEntries(entries)).to.be.rejectedWith(LedgerError, field);
      }
      expect(h.fake.json(importKey('Org1MSP', 'qldb/L/A/0'))).to.equal(undefined);
    });

    it('refuses a record larger than 1 MiB as canonical JSON, and accepts one just under', async () => {
      const big = (n: number): Record<string, unknown> => ({
        type: 'qldb-anchor',
        importId: `anchor-${n}`,
        record: { type: 'qldb-anchor', pad: 'x'.repeat(n) },
      });
      const overhead = canonicalBytes({ type: 'qldb-anchor', pad: '' }).length;
      await expect(importEntries([big(MAX_PAYLOAD_BYTES - overhead + 1)])).to.be.rejectedWith(
        LedgerError,
        /entries\[0\]\.record/,
      );
      expect((await importEntries([big(MAX_PAYLOAD_BYTES - overhead)])).imported).to.have.length(1);
    });
  });
});
