import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  SETTINGS,
  SETTINGS_TABLE_HEADER,
  renderSettingsMarkdown,
  replaceSettingsTable,
  settingsHelpRows,
  settingsTableOf,
} from '@gateway/configDocs';
import { SETTING_FIELDS, SETTING_TABLE } from '@gateway/configSettings';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'gateway.md');

describe('configDocs', function () {
  describe('docs/gateway.md', function () {
    it('has the settings table rendered from the settings table (npm run docs:settings rewrites it)', function () {
      const doc = fs.readFileSync(DOC, 'utf8');
      expect(settingsTableOf(doc)).to.equal(renderSettingsMarkdown());
    });
  });

  describe('#settingsTableOf', function () {
    const table = `${SETTINGS_TABLE_HEADER}\n|---|---|---|---|\n| \`A\` | \`a\` | \`1\` | x |\n`;

    it('finds the table from its header to the first line that is not a row', function () {
      expect(settingsTableOf(`intro\n\n${table}\nafter | not a row\n`)).to.equal(table);
    });

    it('tells a drifted table from the rendered one', function () {
      const doc = fs
        .readFileSync(DOC, 'utf8')
        .replace("| `the topology's first founding org` |", '| `org2` |');
      expect(settingsTableOf(doc)).not.to.equal(renderSettingsMarkdown());
    });

    it('refuses a document without a settings table', function () {
      expect(() => settingsTableOf('| Environment | Meaning |\n')).to.throw(/no settings table/);
    });
  });

  describe('#replaceSettingsTable', function () {
    it('replaces only the table', function () {
      const doc = `intro\n${SETTINGS_TABLE_HEADER}\n|---|\n| old |\nafter\n`;
      expect(replaceSettingsTable(doc, 'NEW\n')).to.equal('intro\nNEW\nafter\n');
    });

    it('leaves a document that already holds the rendered table unchanged', function () {
      const doc = `intro\n${renderSettingsMarkdown()}\nafter\n`;
      expect(replaceSettingsTable(doc, renderSettingsMarkdown())).to.equal(doc);
    });
  });

  describe('#renderSettingsMarkdown', function () {
    it('renders one row per setting with aliases, typed defaults and flags', function () {
      const lines = renderSettingsMarkdown().split('\n');
      expect(lines).to.include(
        "| `LEDGER_GATEWAY_PORT` (alias `GATEWAY_PORT`) | `port` | `the org's gateway port in the topology` | listen port (0: any free port); flag `--port N` |",
      );
      expect(lines).to.include(
        "| `LEDGER_GATEWAY_ORG` | `org` | `the topology's first founding org` | org whose peers the gateway uses and whose user signs submits and digests: a member org of the topology file (`orgs[].name`); flag `--org ORG` |",
      );
      expect(lines.filter((l) => l.startsWith('| `')).length).to.equal(SETTINGS.length);
    });

    it('shows an empty list default as a dash, not as an empty code span', function () {
      expect(renderSettingsMarkdown()).to.contain('| `LEDGER_GATEWAY_VEPS_KEYS` | `vepsKeys` | – |');
      expect(renderSettingsMarkdown()).not.to.contain('``');
    });
  });

  describe('SETTINGS', function () {
    it('documents every setting of the table, the config file and the network variables', function () {
      const envs = SETTINGS.map((s) => s.env);
      expect(envs).to.include.members(SETTING_FIELDS.map((f) => SETTING_TABLE[f].env));
      expect(envs).to.include.members(['LEDGER_GATEWAY_CONFIG', 'NETWORK_PORT_BASE', 'NETWORK_RUN_DIR']);
      expect(envs).not.to.include('LEDGER_GATEWAY_MTLS');
    });

    it('uses every environment variable and config key once', function () {
      const envs = SETTINGS.flatMap((s) => [s.env, ...s.envAliases]);
      const keys = SETTINGS.flatMap((s) => [s.key, ...s.keyAliases]).filter((k) => k !== '-');
      expect(new Set(envs).size).to.equal(envs.length);
      expect(new Set(keys).size).to.equal(keys.length);
    });
  });

  describe('#settingsHelpRows', function () {
    it('prints a header and one row per setting with its aliases and flag, without markdown', function () {
      const rows = settingsHelpRows();
      expect(rows).to.have.length(SETTINGS.length + 1);
      expect(rows[0]).to.match(/^ {2}ENVIRONMENT +CONFIG KEY +DEFAULT +MEANING$/);
      const port = rows.find((r) => r.trimStart().startsWith('LEDGER_GATEWAY_PORT '));
      expect(port).to.match(
        / port +the org's gateway port in the topology +listen port \(0: any free port\) \(also GATEWAY_PORT; flag --port N\)$/,
      );
      expect(rows.join('\n')).not.to.contain('`');
    });
  });
});
