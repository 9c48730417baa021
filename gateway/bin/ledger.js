#!/usr/bin/env node
// The `ledger` command: dispatches to the compiled command modules in gateway/dist/cli/ (`npm run build`,
// which `npm start` runs). Only production dependencies are loaded: no TypeScript at run time.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

// Run on the Node that node_modules was built for (scripts/use-node.sh records it): `npx ledger` from a
// shell whose Node is 20 (end of life) runs on the project's Node 24 instead, and native modules load.
const MIN_NODE_MAJOR = 22;
const markerFile = path.join(__dirname, '..', '..', 'node_modules', '.ledger-node.json');
let built;
try {
  built = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
} catch {
  built = undefined;
}
if (built !== undefined && built.modules !== process.versions.modules && fs.existsSync(built.execPath)) {
  const child = spawnSync(built.execPath, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}
if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR) {
  process.stderr.write(
    `ledger: Node ${process.version} is older than ${MIN_NODE_MAJOR}; run \`npm start\` once (it fetches ` +
      'Node 24 for this project) or install Node 22 or 24\n',
  );
  process.exit(1);
}

// grpc-js hands Node the address's IP as TLS server name, and Node warns about it (DEP0123) on every
// call; the certificate's IP address is verified all the same. Every other warning is shown.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? rest[0].code : rest[1];
  if (code === 'DEP0123') return;
  emitWarning(warning, ...rest);
};

const ENTRIES = {
  gov: 'cli/gov',
  org: 'cli/org',
  channel: 'cli/channel',
  gateway: 'cli/server',
  submit: 'cli/client',
  get: 'cli/client',
  digest: 'cli/client',
  verify: 'cli/client',
  health: 'cli/client',
  history: 'cli/client',
  consistency: 'cli/client',
  audit: 'cli/client',
  'verify-receipt': 'cli/client',
  export: 'cli/export',
  'verify-export': 'cli/export',
  trust: 'cli/trust',
  env: 'cli/env',
  users: 'cli/users',
  qldb: 'cli/qldb',
  fabric: 'cli/fabric',
  terms: 'cli/terms',
};
const command = process.argv[2];
const entry = ENTRIES[command];
if (entry === undefined) {
  process.stdout.write(`Usage: ledger <command> [--help]

  gateway   run the ledger.ImmutableLedger gRPC gateway (ledger gateway --help)
  submit | get | digest | verify | consistency | health | history
            call a gateway (ledger submit --help)
  verify-receipt
            check a receipt (submit/history --receipt) with no gateway and no network (ledger submit --help)
  audit     compare a gateway index with the journal replayed from the peer's blocks (ledger audit --help)
  export | verify-export
            write a verifiable export of a journal range; check one offline (ledger export --help)
  trust     an auditor's trust file (who may sign digests): from the channel configuration, or a
            member added from files (ledger trust --help)
  gov       consortium governance: proposals, votes, execution (ledger gov --help)
  org       the network's member orgs; prepare a new org for an invitation (ledger org --help)
  channel   the network's channels; create one more for some member orgs (ledger channel --help)
  env       a member user's gateway address, CA, certificate and key as shell lines, for grpcurl and
            other gRPC clients (ledger env --help)
  users     an org's application users: add, list, revoke (ledger users --help)
  qldb verify | import
            verify Amazon QLDB journal exports, a digest and proofs offline; import them into the
            journal (ledger qldb --help)
  fabric archive | verify-archive | import
            archive every block of a Fabric channel (e.g. leaving Amazon Managed Blockchain) over the
            Deliver service, verified; re-verify an archive offline; import its valid transactions
            into the journal (ledger fabric --help)
  terms put | get | prove
            private terms two member orgs share: write them (transient only), read them from the
            party's own peer, prove them against the journal with a receipt (ledger terms --help)
`);
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
} else {
  // gov and gateway read their own arguments after the command; the client CLI reads the command too.
  if (
    ['gov', 'org', 'channel', 'gateway', 'trust', 'env', 'users', 'qldb', 'fabric', 'terms'].includes(command)
  )
    process.argv.splice(2, 1);
  if (process.env.LEDGER_CLI_SOURCE === '1') {
    runFromSource(entry);
  } else {
    const compiled = path.join(__dirname, '..', 'dist', `${entry}.js`);
    if (!fs.existsSync(compiled)) {
      process.stderr.write(
        `ledger: ${path.relative(process.cwd(), compiled)} is missing: build it with \`npm run build\` (or \`npm start\`)\n`,
      );
      process.exit(1);
    }
    require(compiled);
  }
}

/**
 * LEDGER_CLI_SOURCE=1 (development, and unit tests that run the command): the TypeScript source under
 * ts-node, with the chaincode's shared module from its source too (the `paths` of gateway/tsconfig.json).
 * Needs the dev dependencies.
 */
function runFromSource(entry) {
  const gatewayDir = path.join(__dirname, '..');
  require('ts-node').register({ transpileOnly: true, project: path.join(gatewayDir, '..', 'tsconfig.json') });
  const tsconfigPaths = require('tsconfig-paths');
  const loaded = tsconfigPaths.loadConfig(gatewayDir);
  if (loaded.resultType === 'failed') throw new Error(`ledger: ${loaded.message}`);
  tsconfigPaths.register({ baseUrl: loaded.absoluteBaseUrl, paths: loaded.paths });
  require(path.join(gatewayDir, 'src', `${entry}.ts`));
}
