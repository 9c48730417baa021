/**
 * Documentation of the gateway's settings, rendered from {@link SETTING_TABLE}: the rows `--help`
 * prints and the markdown table of docs/gateway.md (a unit test fails when the two differ).
 */
import {
  EXTRA_SETTINGS,
  SETTING_FIELDS,
  SETTING_TABLE,
  type ExtraSettingDoc,
  type Setting,
  type SettingDefault,
} from './configSettings';

/** One documented setting: environment variable(s), config-file key(s), flag, default, meaning. */
export interface SettingDoc {
  /** The environment variable; `envAliases` are read after it. */
  readonly env: string;
  readonly envAliases: readonly string[];
  /** The config-file key, `-` for none; `keyAliases` are read after it. */
  readonly key: string;
  readonly keyAliases: readonly string[];
  readonly flag?: string;
  /** The default as text. */
  readonly def: string;
  /** Meaning (may hold markdown code spans). */
  readonly text: string;
}

/** Shows a typed default: lists comma-separated, none as `–`, booleans as 1/0. */
function showDefault<T>(def: SettingDefault<T>): string {
  if ('derive' in def || def.text !== undefined) return def.text ?? '';
  const value: unknown = def.value;
  if (value === undefined) return '–';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value))
    return value.length === 0
      ? '–'
      : value
          .map((v) => JSON.stringify(v))
          .join(',')
          .replace(/"/g, '');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function docOf<T>(setting: Setting<T>): SettingDoc {
  return {
    env: setting.env,
    envAliases: setting.envAliases ?? [],
    key: setting.key,
    keyAliases: setting.keyAliases ?? [],
    ...(setting.flag === undefined ? {} : { flag: setting.flag }),
    def: showDefault(setting.default),
    text: setting.doc,
  };
}

function extraDocOf(extra: ExtraSettingDoc): SettingDoc {
  return {
    env: extra.env,
    envAliases: [],
    key: '-',
    keyAliases: [],
    ...(extra.flag === undefined ? {} : { flag: extra.flag }),
    def: extra.def,
    text: extra.doc,
  };
}

/** Every documented setting: the config file, the table's settings, then the network's variables. */
export const SETTINGS: readonly SettingDoc[] = [
  ...EXTRA_SETTINGS.slice(0, 1).map(extraDocOf),
  ...SETTING_FIELDS.map((field) => docOf<unknown>(SETTING_TABLE[field])),
  ...EXTRA_SETTINGS.slice(1).map(extraDocOf),
];

/**
 * The settings as `--help` rows: environment, config key, default, meaning (aliases and flag in it).
 *
 * @returns the lines, a header first.
 */
export function settingsHelpRows(): string[] {
  const line = (env: string, key: string, def: string, text: string): string =>
    `  ${env.padEnd(40)} ${key.padEnd(23)} ${def.padEnd(12)} ${text}`;
  return [
    line('ENVIRONMENT', 'CONFIG KEY', 'DEFAULT', 'MEANING'),
    ...SETTINGS.map((s) => {
      const also = [
        ...s.envAliases.map((e) => `also ${e}`),
        ...s.keyAliases.map((k) => `config key ${k}`),
        ...(s.flag === undefined ? [] : [`flag ${s.flag}`]),
      ];
      const text = also.length === 0 ? s.text : `${s.text} (${also.join('; ')})`;
      return line(s.env, s.key, s.def, text.replace(/`/g, ''));
    }),
  ];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const code = (text: string): string => `\`${text}\``;
const withAliases = (main: string, aliases: readonly string[]): string =>
  aliases.length === 0 ? code(main) : `${code(main)} (alias ${aliases.map(code).join(', ')})`;

/** The header line of the settings table in docs/gateway.md. */
export const SETTINGS_TABLE_HEADER = '| Environment | Config key | Default | Meaning |';

/**
 * The settings table of docs/gateway.md, rendered from the settings.
 *
 * @returns the markdown table, one line per setting, ending with a newline.
 */
export function renderSettingsMarkdown(): string {
  const rows = SETTINGS.map((s) => {
    const meaning =
      s.flag === undefined ? s.text : `${s.text}; flag ${s.flag.split(', ').map(code).join(', ')}`;
    return [
      withAliases(s.env, s.envAliases),
      s.key === '-' ? '–' : withAliases(s.key, s.keyAliases),
      s.def === '–' ? '–' : code(s.def),
      meaning,
    ]
      .map(cell)
      .join(' | ');
  });
  return [SETTINGS_TABLE_HEADER, '|---|---|---|---|', ...rows.map((r) => `| ${r} |`)].join('\n') + '\n';
}

/**
 * Replaces the settings table in a markdown text (from its header line to the first line that is not
 * a table row) with `table`.
 *
 * @param markdown - the document.
 * @param table - the new table, ending with a newline.
 * @returns the document with the table replaced.
 * @throws Error when the document has no settings table.
 */
export function replaceSettingsTable(markdown: string, table: string): string {
  const { start, end } = settingsTableSpan(markdown);
  return markdown.slice(0, start) + table + markdown.slice(end);
}

/**
 * The settings table of a markdown text: from its header line to the first line that is not a row.
 *
 * @param markdown - the document.
 * @returns the table, ending with a newline.
 * @throws Error when the document has no settings table.
 */
export function settingsTableOf(markdown: string): string {
  const { start, end } = settingsTableSpan(markdown);
  return markdown.slice(start, end);
}

function settingsTableSpan(markdown: string): { start: number; end: number } {
  const start = markdown.indexOf(`${SETTINGS_TABLE_HEADER}\n`);
  if (start < 0) throw new Error(`no settings table (a line '${SETTINGS_TABLE_HEADER}') in the document`);
  let end = start;
  while (end < markdown.length && markdown.startsWith('|', end)) {
    const next = markdown.indexOf('\n', end);
    end = next < 0 ? markdown.length : next + 1;
  }
  return { start, end };
}
