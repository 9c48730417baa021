import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  hasPermission,
  parseRole,
  Permission,
  requireOrg,
  requirePermission,
  ROLES,
  type Actor,
} from '@chaincode/lib/roles';

const actor = (role: string | null, msp = 'Org1MSP'): Actor => ({
  msp,
  id: 'x509::u',
  role: parseRole(role),
  rawRole: role,
});

describe('roles', () => {
  describe('#parseRole', () => {
    it('knows exactly the six roles', () => {
      expect(ROLES).to.deep.equal(['teller', 'auditor', 'custodian', 'admin', 'gateway', 'reader']);
      for (const role of ROLES) {
        expect(parseRole(role)).to.equal(role);
      }
    });

    it('maps anything else to null', () => {
      for (const value of [null, undefined, '', 'Teller', 'root', ' admin']) {
        expect(parseRole(value)).to.equal(null);
      }
    });
  });

  describe('#hasPermission', () => {
    it('lets an auditor read everything and write nothing', () => {
      expect(hasPermission('auditor', Permission.READ)).to.equal(true);
      expect(hasPermission('auditor', Permission.READ_AUDIT)).to.equal(true);
      for (const write of [
        Permission.OPERATE_ACCOUNTS,
        Permission.ADMINISTER_ACCOUNTS,
        Permission.OPERATE_CUSTODY,
        Permission.SUBMIT_EVENTS,
        Permission.CERTIFY,
      ]) {
        expect(hasPermission('auditor', write)).to.equal(false);
      }
    });

    it('lets a reader read records, and nothing else: no audit trail, no write', () => {
      expect(hasPermission('reader', Permission.READ)).to.equal(true);
      for (const other of Object.values(Permission).filter((p) => p !== Permission.READ)) {
        expect(hasPermission('reader', other)).to.equal(false);
      }
    });

    it('lets an admin do what a teller does', () => {
      expect(hasPermission('admin', Permission.OPERATE_ACCOUNTS)).to.equal(true);
      expect(hasPermission('teller', Permission.ADMINISTER_ACCOUNTS)).to.equal(false);
    });

    it('gives the journal only to the gateway', () => {
      expect(ROLES.filter((role) => hasPermission(role, Permission.SUBMIT_EVENTS))).to.deep.equal([
        'gateway',
      ]);
    });

    it('gives nothing to a caller without a role', () => {
      expect(hasPermission(null, Permission.READ)).to.equal(false);
    });
  });

  describe('#requirePermission', () => {
    it('returns the role when granted', () => {
      expect(
        requirePermission(actor('teller'), Permission.OPERATE_ACCOUNTS, 'Accounts:OpenAccount'),
      ).to.equal('teller');
    });

    it('names the attribute, what came and the roles that would do', () => {
      expect(() =>
        requirePermission(actor('teller'), Permission.ADMINISTER_ACCOUNTS, 'Accounts:FreezeAccount'),
      ).to.throw(
        LedgerError,
        '[PERMISSION_DENIED] Accounts:FreezeAccount: attribute ledger.role got "teller", want one of admin',
      );
      expect(() => requirePermission(actor(null), Permission.READ, 'Accounts:GetAccount')).to.throw(
        LedgerError,
        /got nothing/,
      );
    });
  });

  describe('#requireOrg', () => {
    it('passes for the owner org and denies any other', () => {
      expect(() => {
        requireOrg(actor('teller'), 'Org1MSP', 'account "A"');
      }).not.to.throw();
      expect(() => {
        requireOrg(actor('teller', 'Org2MSP'), 'Org1MSP', 'account "A"');
      }).to.throw(LedgerError, /^\[PERMISSION_DENIED\] account "A" belongs to Org1MSP/);
    });
  });
});
