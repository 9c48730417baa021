import { expect } from 'chai';
import { parseUsersArgs, UsageError } from '../../../../gateway/src/cli/usersArgs';

describe('usersArgs', () => {
  describe('#parseUsersArgs', () => {
    it('reads add with its org, name and role', () => {
      expect(
        parseUsersArgs(['add', '--org', 'org1', '--name', 'alice.b_2-x', '--role', 'teller']),
      ).to.deep.equal({
        command: 'add',
        org: 'org1',
        name: 'alice.b_2-x',
        role: 'teller',
      });
    });

    it('accepts reader as a role', () => {
      expect(parseUsersArgs(['add', '--org', 'org2', '--name', 'r', '--role', 'reader'])).to.include({
        role: 'reader',
      });
    });

    it('refuses a role outside the list, naming --role', () => {
      expect(() => parseUsersArgs(['add', '--org', 'org1', '--name', 'a', '--role', 'gateway'])).to.throw(
        UsageError,
        /^--role: got "gateway", want one of teller, auditor, custodian, admin, reader$/,
      );
    });

    it('reads list with its org', () => {
      expect(parseUsersArgs(['list', '--org', 'org3'])).to.deep.equal({ command: 'list', org: 'org3' });
    });

    it('refuses an unknown org, naming --org', () => {
      expect(() => parseUsersArgs(['list', '--org', 'org9'])).to.throw(UsageError, /^--org: got "org9"/);
    });

    it('reads revoke with the default reason unspecified', () => {
      expect(parseUsersArgs(['revoke', '--org', 'org1', '--name', 'alice'])).to.deep.equal({
        command: 'revoke',
        org: 'org1',
        name: 'alice',
        reason: 'unspecified',
      });
    });

    it('reads a revocation reason in any case', () => {
      expect(
        parseUsersArgs(['revoke', '--org', 'org1', '--name', 'a', '--reason', 'KeyCompromise']),
      ).to.include({
        reason: 'keycompromise',
      });
    });

    it('refuses an unknown revocation reason, naming --reason', () => {
      expect(() => parseUsersArgs(['revoke', '--org', 'org1', '--name', 'a', '--reason', 'fired'])).to.throw(
        UsageError,
        /^--reason: got "fired"/,
      );
    });

    it('accepts a name of exactly 64 characters', () => {
      const name = 'a'.repeat(64);
      expect(parseUsersArgs(['revoke', '--org', 'org1', '--name', name])).to.include({ name });
    });

    it('refuses a name that is too long, empty-looking or has other characters, naming --name', () => {
      for (const name of ['a'.repeat(65), 'al ice', 'alice/..', 'x@y', 'é']) {
        expect(
          () => parseUsersArgs(['add', '--org', 'org1', '--name', name, '--role', 'teller']),
          name,
        ).to.throw(UsageError, /^--name: got /);
      }
    });

    it("refuses the CA's own names", () => {
      for (const name of ['admin', 'gateway-tls']) {
        expect(() => parseUsersArgs(['revoke', '--org', 'org1', '--name', name]), name).to.throw(
          UsageError,
          /reserved/,
        );
      }
    });

    it('refuses a missing flag, naming it', () => {
      expect(() => parseUsersArgs(['add', '--org', 'org1', '--role', 'teller'])).to.throw(
        UsageError,
        /^--name: required$/,
      );
      expect(() => parseUsersArgs(['list'])).to.throw(UsageError, /^--org: required$/);
    });

    it('refuses a flag without a value, a repeated flag and a flag of another command', () => {
      expect(() => parseUsersArgs(['list', '--org'])).to.throw(UsageError, /^--org: missing value$/);
      expect(() => parseUsersArgs(['list', '--org', 'org1', '--org', 'org2'])).to.throw(
        UsageError,
        /given twice/,
      );
      expect(() => parseUsersArgs(['list', '--org', 'org1', '--role', 'teller'])).to.throw(
        UsageError,
        /unexpected argument "--role"/,
      );
    });

    it('refuses an unknown command, naming it', () => {
      expect(() => parseUsersArgs(['delete', '--org', 'org1'])).to.throw(
        UsageError,
        /^command: got "delete"/,
      );
    });

    it('asks for help with no arguments or --help anywhere', () => {
      expect(parseUsersArgs([])).to.deep.equal({ command: 'help' });
      expect(parseUsersArgs(['--help'])).to.deep.equal({ command: 'help' });
      expect(parseUsersArgs(['add', '--help'])).to.deep.equal({ command: 'help' });
    });
  });
});
