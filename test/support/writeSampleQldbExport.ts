// Writes a generated QLDB journal export (test/support/qldbExportBuilder.ts) and a digest for it, for
// measuring `ledger qldb import` by hand:
//   npx ts-node -P test/tsconfig.json --transpile-only test/support/writeSampleQldbExport.ts DIR BLOCKS [FORMAT]
// BLOCKS blocks in each of three strands (about 2.7 revisions per block); FORMAT ION_TEXT (default),
// ION_BINARY or JSON. Prints the number of revisions and the digest file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputFormat } from '@gateway/qldb/exportObjects';
import { digestAndProofs, typicalStrand, writeExport } from './qldbExportBuilder';

const [dir, blocksText, formatText] = process.argv.slice(2);
const blocks = Number(blocksText);
if (dir === undefined || !Number.isInteger(blocks) || blocks < 1) {
  process.stderr.write('usage: writeSampleQldbExport.ts DIR BLOCKS [ION_TEXT|ION_BINARY|JSON]\n');
  process.exit(2);
}
const format = (formatText ?? 'ION_TEXT') as OutputFormat;
fs.mkdirSync(dir, { recursive: true });
const strands = ['StrandA', 'StrandB', 'StrandC'].map((id) => typicalStrand(id, blocks));
writeExport(dir, {
  exportId: 'sample',
  format,
  strands: Object.fromEntries(strands.map((s) => [s[0]!.strandId, [s]])),
});
const digestFile = path.join(dir, 'digest.json');
fs.writeFileSync(digestFile, digestAndProofs(strands[0]!, blocks - 1).digestJson);
const revisions = strands.flat().reduce((n, b) => n + (b.revisions?.length ?? 0), 0);
process.stdout.write(`${JSON.stringify({ revisions, digest: digestFile })}\n`);
