import { expect } from 'chai';
import { parseUsersArgs, UsageError } from '@gateway/cli/usersArgs';

const ORGS = ['org1', 'org2', 'org3'];

describe('usersArgs', () => {
  describe('#parseUsersArgs', () => {
    it('reads add with its org, name and role', () => {
      expect(
        parseUsersArgs(['add', '--org', 'org1', '--name', 'alice.b_2-x', '--role', 'teller'], ORGS),
      ).to.deep.equal({
        command: 'add',
        org: 'org1',
        name: 'alice.b_2-x',
        role: 'teller',
      });
    });

    it('accepts reader as a role', () => {
      expect(parseUsersArgs(['add', '--org', 'org2', '--name', 'r', '--role', 'reader'], ORGS)).to.include({
        role: 'reader',
      });
    });

    it('refuses a role outside the list, naming --role', () => {
      expect(() =>
        parseUsersArgs(['add', '--org', 'org1', '--name', 'a', '--role', 'gateway'], ORGS),
      ).to.throw(
        UsageError,
        /^--role: got "gateway", want one of teller, auditor, custodian, admin, reader$/,
      );
    });

    it('reads list with its org', () => {
      expect(parseUsersArgs(['list', '--org', 'org3'], ORGS)).to.deep.equal({ command: 'list', org: 'org3' });
    });

    it('refuses an unknown org, naming --org', () => {
      expect(() => parseUsersArgs(['list', '--org', 'org9'], ORGS)).to.throw(
        UsageError,
        /^--org: got "org9"/,
      );
    });

    it('reads revoke with the default reason unspecified', () => {
      expect(parseUsersArgs(['revoke', '--org', 'org1', '--name', 'alice'], ORGS)).to.deep.equal({
        command: 'revoke',
        org: 'org1',
        name: 'alice',
        reason: 'unspecified',
      });
    });

    it('reads a revocation reason in any case', () => {
      expect(
        parseUsersArgs(['revoke', '--org', 'org1', '--name', 'a', '--reason', 'KeyCompromise'], ORGS),
      ).to.include({
        reason: 'keycompromise',
      });
    });

    it('refuses an unknown revocation reason, naming --reason', () => {
      expect(() =>
        parseUsersArgs(['revoke', '--org', 'org1', '--name', 'a', '--reason', 'fired'], ORGS),
      ).to.throw(UsageError, /^--reason: got "fired"/);
    });

    it('accepts a name of exactly 64 characters', () => {
      const name = 'a'.repeat(64);
      expect(parseUsersArgs(['revoke', '--org', 'org1', '--name', name], ORGS)).to.include({ name });
    });

    it('refuses a name that is too long, empty-looking or has other characters, naming --name', () => {
      for (const name of ['a'.repeat(65), 'al ice', 'alice/..', 'x@y', 'é']) {
        expect(
          () => parseUsersArgs(['add', '--org', 'org1', '--name', name, '--role', 'teller'], ORGS),
          name,
        ).to.throw(UsageError, /^--name: got /);
      }
    });

    it("refuses the CA's own names", () => {
      for (const name of ['admin', 'gateway-tls']) {
        expect(() => parseUsersArgs(['revoke', '--org', 'org1', '--name', name], ORGS), name).to.throw(
          UsageError,
          /reserved/,
        );
      }
    });

    it('refuses a missing flag, naming it', () => {
      expect(() => parseUsersArgs(['add', '--org', 'org1', '--role', 'teller'], ORGS)).to.throw(
        UsageError,
        /^--name: required$/,
      );
      expect(() => parseUsersArgs(['list'], ORGS)).to.throw(UsageError, /^--org: required$/);
    });

    it('refuses a flag without a value, a repeated flag and a flag of another command', () => {
      expect(() => parseUsersArgs(['list', '--org'], ORGS)).to.throw(UsageError, /^--org: missing value$/);
      expect(() => parseUsersArgs(['list', '--org', 'org1', '--org', 'org2'], ORGS)).to.throw(
        UsageError,
        /given twice/,
      );
      expect(() => parseUsersArgs(['list', '--org', 'org1', '--role', 'teller'], ORGS)).to.throw(
        UsageError,
        /unexpected argument "--role"/,
      );
    });

    it('refuses an unknown command, naming it', () => {
      expect(() => parseUsersArgs(['delete', '--org', 'org1'], ORGS)).to.throw(
        UsageError,
        /^command: got "delete"/,
      );
    });

    it('asks for help with no arguments or --help anywhere', () => {
      expect(parseUsersArgs([], ORGS)).to.deep.equal({ command: 'help' });
      expect(parseUsersArgs(['--help'], ORGS)).to.deep.equal({ command: 'help' });
      expect(parseUsersArgs(['add', '--help'], ORGS)).to.deep.equal({ command: 'help' });
    });
  });
});
