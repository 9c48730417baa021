import { expect } from 'chai';
import {
  allowedOperations,
  authorize,
  DEFAULT_AUTHORIZATION_TABLE,
  operationOf,
  parseAuthorizationTable,
  memberAuthorizationTable,
} from '@gateway/security/authorizationTable';

const ops = (msp: string, role: string): string[] =>
  [...allowedOperations(DEFAULT_AUTHORIZATION_TABLE, msp, role)].sort();

describe('authorizationTable', function () {
  describe('#operationOf', function () {
    it('maps SubmitEvent to submit and every lookup to read', function () {
      expect(operationOf('/ledger.ImmutableLedger/SubmitEvent')).to.equal('submit');
      for (const m of [
        'GetEvent',
        'GetEventById',
        'GetDigest',
        'GetInclusionProof',
        'GetConsistencyProof',
        'GetHistory',
      ]) {
        expect(operationOf(`/ledger.ImmutableLedger/${m}`), m).to.equal('read');
      }
    });

    it('maps an open-ended stream to stream and a bounded one to export', function () {
      const path = '/ledger.ImmutableLedger/StreamEvents';
      expect(operationOf(path, { toSequence: '0' })).to.equal('stream');
      expect(operationOf(path, {})).to.equal('stream');
      expect(operationOf(path, { toSequence: '42' })).to.equal('export');
    });

    it('maps HealthCheck, grpc.health.v1 and reflection to health', function () {
      expect(operationOf('/ledger.ImmutableLedger/HealthCheck')).to.equal('health');
      expect(operationOf('/grpc.health.v1.Health/Check')).to.equal('health');
      expect(operationOf('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo')).to.equal('health');
    });

    it('knows no operation for a service the gateway does not serve or an undocumented method of one it does', function () {
      expect(operationOf('/ledger.Admin/DropTables')).to.equal(undefined);
      expect(operationOf('/grpc.channelz.v1.Channelz/GetServers')).to.equal(undefined);
      expect(operationOf('/grpc.health.v1.Health/SetStatus')).to.equal(undefined);
      expect(operationOf('/grpc.health.v1.Health/toString')).to.equal(undefined);
      expect(operationOf('/grpc.reflection.v1.ServerReflection/Drop')).to.equal(undefined);
      expect(operationOf('/toString/Check')).to.equal(undefined);
    });

    it('maps every method of grpc.health.v1 and of both reflection versions to health', function () {
      for (const path of [
        '/grpc.health.v1.Health/Check',
        '/grpc.health.v1.Health/Watch',
        '/grpc.health.v1.Health/List',
        '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
        '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
      ]) {
        expect(operationOf(path), path).to.equal('health');
      }
    });

    it('knows no operation for an unknown ledger method or a malformed path', function () {
      expect(operationOf('/ledger.ImmutableLedger/DropTables')).to.equal(undefined);
      expect(operationOf('/ledger.ImmutableLedger/toString')).to.equal(undefined);
      expect(operationOf('nonsense')).to.equal(undefined);
    });
  });

  describe('#allowedOperations', function () {
    it('lets tellers and the gateway role submit and read, but not stream', function () {
      expect(ops('Org1MSP', 'teller')).to.deep.equal(['health', 'read', 'submit']);
      expect(ops('Org2MSP', 'gateway')).to.deep.equal(['health', 'read', 'submit']);
    });

    it('lets auditors read, stream and export, but not submit', function () {
      expect(ops('Org2MSP', 'auditor')).to.deep.equal(['export', 'health', 'read', 'stream']);
    });

    it('lets a member without a role only check health', function () {
      expect(ops('Org1MSP', '')).to.deep.equal(['health']);
      expect(ops('Org1MSP', 'custodian')).to.deep.equal(['health']);
    });

    it('matches rows by MSP id', function () {
      const table = parseAuthorizationTable([{ msp: 'Org1MSP', role: 'auditor', allow: ['read'] }]);
      expect([...allowedOperations(table, 'Org1MSP', 'auditor')]).to.deep.equal(['read']);
      expect([...allowedOperations(table, 'Org2MSP', 'auditor')]).to.deep.equal([]);
    });

    it('lets whoever may stream also export', function () {
      const table = parseAuthorizationTable([{ msp: '*', role: 'x', allow: ['stream'] }]);
      expect([...allowedOperations(table, 'Org1MSP', 'x')].sort()).to.deep.equal(['export', 'stream']);
    });
  });

  describe('#authorize', function () {
    it('allows an operation the table grants', function () {
      expect(
        authorize(DEFAULT_AUTHORIZATION_TABLE, { msp: 'Org1MSP', role: 'teller' }, 'submit'),
      ).to.deep.equal({
        allowed: true,
      });
    });

    it('refuses an auditor submit naming the caller and what it may do', function () {
      const decision = authorize(DEFAULT_AUTHORIZATION_TABLE, { msp: 'Org2MSP', role: 'auditor' }, 'submit');
      expect(decision).to.deep.equal({
        allowed: false,
        reason:
          'Org2MSP with ledger.role "auditor" may not submit (allowed: export, health, read, stream; see the gateway\'s authorization table)',
      });
    });

    it('refuses an unknown method', function () {
      const decision = authorize(DEFAULT_AUTHORIZATION_TABLE, { msp: 'Org1MSP', role: 'admin' }, undefined);
      expect(decision.allowed).to.equal(false);
    });

    it('refuses everything under an empty table', function () {
      const decision = authorize([], { msp: 'Org1MSP', role: 'admin' }, 'health');
      expect(decision).to.deep.include({ allowed: false });
      expect(decision.allowed ? '' : decision.reason).to.contain('allowed: nothing');
    });
  });

  describe('#memberAuthorizationTable', function () {
    const table = memberAuthorizationTable(['Org1MSP', 'Org2MSP'], 'Org1MSP');
    const ops = (msp: string, role: string): string[] => [...allowedOperations(table, msp, role)].sort();

    it('names every member MSP explicitly', function () {
      expect(table.every((rule) => rule.msp !== '*')).to.equal(true);
    });

    it("lets its own org's tellers, gateways and admins submit", function () {
      expect(ops('Org1MSP', 'teller')).to.deep.equal(['health', 'read', 'submit']);
      expect(ops('Org1MSP', 'gateway')).to.deep.equal(['health', 'read', 'submit']);
      expect(ops('Org1MSP', 'admin')).to.deep.equal(['export', 'health', 'read', 'stream', 'submit']);
    });

    it("lets another member's users read, stream and export as their roles allow, but never submit", function () {
      expect(ops('Org2MSP', 'teller')).to.deep.equal(['health', 'read']);
      expect(ops('Org2MSP', 'admin')).to.deep.equal(['export', 'health', 'read', 'stream']);
      expect(ops('Org2MSP', 'auditor')).to.deep.equal(['export', 'health', 'read', 'stream']);
      expect(ops('Org2MSP', 'reader')).to.deep.equal(['health', 'read']);
    });

    it('grants nothing to an MSP that is not a member', function () {
      expect(
        allowedOperations(memberAuthorizationTable(['Org1MSP'], 'Org1MSP'), 'Org3MSP', 'admin').size,
      ).to.equal(0);
    });
  });

  describe('#parseAuthorizationTable', function () {
    it('parses rows of msp, role and operations', function () {
      const rows = [{ msp: '*', role: 'teller', allow: ['submit', 'read'] }];
      expect(parseAuthorizationTable(rows)).to.deep.equal(rows);
    });

    it('refuses something that is not an array', function () {
      expect(() => parseAuthorizationTable({ rules: [] }, 'authz.json')).to.throw(
        'authz.json: got {"rules":[]}, want an array of {msp, role, allow}',
      );
    });

    it('refuses an unknown operation naming the row', function () {
      expect(() => parseAuthorizationTable([{ msp: '*', role: '*', allow: ['delete'] }])).to.throw(
        'authorization table[0].allow[0]: got "delete", want one of submit, read, stream, export, health',
      );
    });

    it('refuses a row without an MSP or with a non-string role', function () {
      expect(() => parseAuthorizationTable([{ msp: '', role: '*', allow: [] }])).to.throw(/\[0\]\.msp/);
      expect(() => parseAuthorizationTable([{ msp: '*', role: 3, allow: [] }])).to.throw(/\[0\]\.role/);
      expect(() => parseAuthorizationTable([null])).to.throw(/\[0\]: got null/);
      expect(() => parseAuthorizationTable([{ msp: '*', role: '*', allow: 'read' }])).to.throw(
        'authorization table[0].allow: got "read", want an array of submit, read, stream, export, health',
      );
    });
  });
});
