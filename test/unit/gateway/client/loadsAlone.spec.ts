import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';

// The client library must load where better-sqlite3 and @hyperledger/fabric-gateway are missing
// (the rule `client-loads-without-fabric-or-sqlite` of .dependency-cruiser.cjs checks the imports;
// this checks the loading). A fresh Node process refuses to load those two packages, then requires
// the modules under test through ts-node.

const SRC = path.join(__dirname, '..', '..', '..', '..', 'gateway', 'src');

const BLOCKING_LOADER = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(better-sqlite3|@hyperledger\\/fabric-gateway)(\\/|$)/.test(request)) {
    throw new Error('blocked: ' + request);
  }
  return load.call(this, request, ...rest);
};
require('ts-node/register/transpile-only');
for (const file of process.argv.slice(1)) require(file);
`;

/** Requires `files` in a process where the two packages cannot load. */
function loadWithoutFabricOrSqlite(...files: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['-e', BLOCKING_LOADER, ...files], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, stderr: run.stderr };
}

describe('the client library (gateway/src/client)', function () {
  this.timeout(120_000);

  it('loads without better-sqlite3 and @hyperledger/fabric-gateway', function () {
    const run = loadWithoutFabricOrSqlite(
      path.join(SRC, 'client', 'ledgerClient.ts'),
      path.join(SRC, 'client', 'memberConnection.ts'),
    );
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
  });

  it('is checked by a loader that does refuse them: the server does not load there', function () {
    const run = loadWithoutFabricOrSqlite(path.join(SRC, 'server', 'gatewayServer.ts'));
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.match(/blocked: (better-sqlite3|@hyperledger\/fabric-gateway)/);
  });
});
