// Rewrites the settings table of docs/gateway.md from gateway/src/configSettings.ts
// (`npm run docs:settings`); test/unit/gateway/configDocs.spec.ts fails while they differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSettingsMarkdown, replaceSettingsTable } from '../configDocs';

const file = path.resolve(__dirname, '..', '..', '..', 'docs', 'gateway.md');
const before = fs.readFileSync(file, 'utf8');
const after = replaceSettingsTable(before, renderSettingsMarkdown());
if (after !== before) fs.writeFileSync(file, after);
console.log(
  JSON.stringify({ msg: after === before ? 'settings table up to date' : 'settings table rewritten', file }),
);
