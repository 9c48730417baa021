/**
 * The JSON encoding of Ion values that imported QLDB documents are journaled in: plain JSON where JSON
 * has the type, a one-field tagged object where it has not, so that no Ion type is lost and the Ion
 * value (and so its Ion hash, and the QLDB revision hash) can be rebuilt from the JSON. Pure.
 *
 * | Ion | JSON |
 * | --- | --- |
 * | `null` (null.null) | `null` |
 * | a typed null, e.g. `null.int` | `{"$null": "int"}` |
 * | bool, string | JSON boolean, string |
 * | int | a JSON number when it is a safe integer (abs < 2^53), else `{"$int": "<decimal digits>"}` |
 * | float | `{"$float": "<shortest decimal that reads back the same double>" \| "nan" \| "+inf" \| "-inf"}` |
 * | decimal | `{"$decimal": "<Ion text, precision kept, e.g. 1.50 or 1.5d-7>"}` |
 * | timestamp | `{"$timestamp": "<Ion text, precision and offset kept>"}` |
 * | symbol | `{"$symbol": "<text>"}` |
 * | blob, clob | `{"$blob": "<base64>"}`, `{"$clob": "<base64>"}` |
 * | list | JSON array |
 * | sexp | `{"$sexp": [ … ]}` |
 * | struct | JSON object; a field name starting with `$` gets one more `$`; a struct with a repeated field name is `{"$struct": [[name, value], …]}` |
 * | annotated value | `{"$annotations": ["a", …], "$value": <the value>}` |
 *
 * {@link ionTextOfJson} writes the Ion text of such JSON; the importer checks, per revision, that the
 * Ion hash of the value read back equals the Ion hash of the exported value.
 */
import { dom, dumpText, IonTypes } from 'ion-js';

/** JSON as this encoding produces it. */
export type IonJson = null | boolean | number | string | IonJson[] | { [field: string]: IonJson };

/** A value this encoding cannot write or read back; the message names where. */
export class IonJsonError extends Error {}

function scalarText(value: dom.Value): string {
  // The Ion text of the value alone: annotations are carried separately.
  return dumpText(value).replace(/^(?:(?:'(?:[^'\\]|\\.)*'|[A-Za-z_$][A-Za-z0-9_$]*)::)+/, '');
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return '+inf';
  if (n === -Infinity) return '-inf';
  return Object.is(n, -0) ? '-0' : String(n);
}

function encodeStruct(value: dom.Value, where: string): IonJson {
  const groups = value.allFields();
  if (groups.some(([, values]) => values.length > 1)) {
    return {
      $struct: groups.flatMap(([name, values]) =>
        values.map((field): IonJson => [name, ionToJson(field, `${where}.${name}`)]),
      ),
    };
  }
  const object: { [field: string]: IonJson } = {};
  for (const [name, values] of groups) {
    const field = values[0];
    if (field !== undefined)
      object[name.startsWith('$') ? `$${name}` : name] = ionToJson(field, `${where}.${name}`);
  }
  return object;
}

function bytesOf(value: dom.Value): string {
  return Buffer.from(value.uInt8ArrayValue() ?? new Uint8Array(0)).toString('base64');
}

function intJson(value: dom.Value): IonJson {
  const n = value.bigIntValue() ?? 0n;
  const abs = n < 0n ? -n : n;
  return abs <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : { $int: n.toString() };
}

type Encoder = (value: dom.Value, where: string) => IonJson;

/** The encoder of each non-null Ion type, by type name. */
const ENCODERS: Readonly<Record<string, Encoder>> = {
  bool: (value) => value.booleanValue() ?? false,
  string: (value) => value.stringValue() ?? '',
  int: intJson,
  float: (value) => ({ $float: floatText(value.numberValue() ?? 0) }),
  decimal: (value) => ({ $decimal: scalarText(value) }),
  timestamp: (value) => ({ $timestamp: scalarText(value) }),
  symbol: (value) => ({ $symbol: value.stringValue() ?? '' }),
  blob: (value) => ({ $blob: bytesOf(value) }),
  clob: (value) => ({ $clob: bytesOf(value) }),
  list: (value, where) => value.elements().map((element, i) => ionToJson(element, `${where}[${i}]`)),
  sexp: (value, where) => ({
    $sexp: value.elements().map((element, i) => ionToJson(element, `${where}[${i}]`)),
  }),
  struct: encodeStruct,
};

function encodeBare(value: dom.Value, where: string): IonJson {
  const type = value.getType();
  if (value.isNull()) return type === IonTypes.NULL ? null : { $null: type.name };
  const encoder = ENCODERS[type.name];
  if (encoder === undefined) throw new IonJsonError(`${where}: Ion type ${type.name} has no JSON encoding`);
  return encoder(value, where);
}

/**
 * Encodes an Ion value in the JSON of this module.
 *
 * @param value - a parsed Ion value.
 * @param where - its path, for messages.
 * @returns the JSON form.
 * @throws IonJsonError for a type it cannot encode.
 */
export function ionToJson(value: dom.Value, where = '$'): IonJson {
  const annotations = value.getAnnotations();
  const bare = encodeBare(value, where);
  return annotations.length === 0 ? bare : { $annotations: annotations, $value: bare };
}

/** Ion text escapes: ASCII controls and everything past U+007E by code point (\\x, \\u or \\U). */
function escapeIon(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (c === quote || c === '\\') out += `\\${c}`;
    else if (code >= 0x20 && code < 0x7f) out += c;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** A clob's bytes as Ion clob text: printable ASCII as is, every other byte as \\xHH. */
function clobEscape(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    out +=
      byte >= 0x20 && byte < 0x7f && c !== '"' && c !== '\\' ? c : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function ionString(text: string): string {
  return `"${escapeIon(text, '"')}"`;
}

function ionSymbol(text: string): string {
  return `'${escapeIon(text, "'")}'`;
}

function floatIonText(text: string): string {
  if (text === 'nan' || text === '+inf' || text === '-inf' || text.includes('e')) return text;
  return `${text}e0`;
}

function structPairsText(pairs: IonJson, where: string): string {
  const list = Array.isArray(pairs) ? pairs : [];
  return `{${list
    .map((pair, i) => {
      const [name, value] = Array.isArray(pair) ? pair : [];
      return `${ionSymbol(typeof name === 'string' ? name : '')}:${ionTextOfJson(value ?? null, `${where}[${i}]`)}`;
    })
    .join(',')}}`;
}

type TagWriter = (text: string, inner: IonJson, where: string) => string;

/** The Ion text writer of each tag: `text` is the tag's value when it is a string, else "". */
const TAG_WRITERS: Readonly<Record<string, TagWriter>> = {
  $null: (text) => `null.${text}`,
  $int: (text) => text,
  $decimal: (text) => text,
  $timestamp: (text) => text,
  $float: floatIonText,
  $symbol: (text) => ionSymbol(text),
  $blob: (text) => `{{${text}}}`,
  $clob: (text) => `{{"${clobEscape(Buffer.from(text, 'base64'))}"}}`,
  $sexp: (_text, inner, where) =>
    `(${(Array.isArray(inner) ? inner : []).map((e, i) => ionTextOfJson(e, `${where}[${i}]`)).join(' ')})`,
  $struct: (_text, inner, where) => structPairsText(inner, where),
};

function annotatedText(object: { [field: string]: IonJson }, where: string): string {
  const annotations = Array.isArray(object.$annotations) ? object.$annotations : [];
  const prefix = annotations.map((a) => `${ionSymbol(typeof a === 'string' ? a : '')}::`).join('');
  return `${prefix}${ionTextOfJson(object.$value ?? null, where)}`;
}

function isAnnotated(names: readonly string[]): boolean {
  return names.length === 2 && names.includes('$annotations') && names.includes('$value');
}

function objectText(object: { [field: string]: IonJson }, where: string): string {
  const names = Object.keys(object);
  if (isAnnotated(names)) return annotatedText(object, where);
  const writer = names.length === 1 ? TAG_WRITERS[names[0] ?? ''] : undefined;
  if (writer !== undefined) {
    const inner = object[names[0] ?? ''] ?? null;
    return writer(typeof inner === 'string' ? inner : '', inner, where);
  }
  if (names.some((name) => name.startsWith('$') && !name.startsWith('$$'))) {
    throw new IonJsonError(`${where}: an object with a field starting with one "$" is not an encoded value`);
  }
  const fields = names.map((name) => {
    const field = name.startsWith('$$') ? name.slice(1) : name;
    return `${ionSymbol(field)}:${ionTextOfJson(object[name] ?? null, `${where}.${name}`)}`;
  });
  return `{${fields.join(',')}}`;
}

/**
 * The Ion text of a value encoded by {@link ionToJson}.
 *
 * @param json - the JSON form.
 * @param where - its path, for messages.
 * @returns Ion text that reads back as the original value.
 * @throws IonJsonError for JSON this encoding does not produce.
 */
export function ionTextOfJson(json: IonJson, where = '$'): string {
  if (json === null) return 'null';
  if (typeof json === 'boolean') return json ? 'true' : 'false';
  if (typeof json === 'number') {
    if (!Number.isSafeInteger(json)) throw new IonJsonError(`${where}: a JSON number must be a safe integer`);
    return String(json);
  }
  if (typeof json === 'string') return ionString(json);
  if (Array.isArray(json)) return `[${json.map((e, i) => ionTextOfJson(e, `${where}[${i}]`)).join(',')}]`;
  return objectText(json, where);
}
