#!/usr/bin/env python3
# Regenerates test/vectors/canonical-json/{encode,reject} and test/vectors/journal/{encode,decode}.
# The expected values come from Python's json module (sort_keys, compact separators, ensure_ascii=False)
# and hashlib, an implementation independent of chaincode/src/lib; the few cases where Python's json
# differs from the canonical rules (UTF-16 key order, lone surrogates, -0) are written by hand below.
# Usage: python3 test/vectors/journal/generate.py && npx prettier --write test/vectors/canonical-json test/vectors/journal
import json, os, hashlib, base64, copy, shutil
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
def canon(v):
    return json.dumps(v, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
def write(path, obj, raw=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(raw if raw is not None else json.dumps(obj, indent=2, ensure_ascii=False) + '\n')
def sha(s):
    return hashlib.sha256(s.encode('utf-8') if isinstance(s, str) else s).hexdigest()

cj = os.path.join(ROOT, 'canonical-json')
for sub in ('encode', 'reject'):
    shutil.rmtree(os.path.join(cj, sub), ignore_errors=True)
pos = [
 ('empty-object', 'empty object', {}),
 ('empty-array', 'empty array', []),
 ('null', 'null literal', None),
 ('true', 'true literal', True),
 ('false', 'false literal', False),
 ('zero', 'zero', 0),
 ('max-safe-integer', 'largest safe integer 2^53-1', 9007199254740991),
 ('min-safe-integer', 'smallest safe integer -(2^53-1)', -9007199254740991),
 ('sorted-keys-nested', 'keys are sorted at every depth', {"b": 1, "a": 2, "c": {"z": True, "y": None}}),
 ('key-order-ascii', 'digits < upper case < underscore < lower case (code unit order)', {"a": 1, "B": 2, "_": 3, "1": 4}),
 ('key-order-prefix', 'a key sorts before the keys it prefixes', {"ab": 1, "a": 2, "a-": 3}),
 ('array-order-kept', 'arrays keep their order; objects inside them are sorted', [3, 1, 2, [{"b": 1, "a": 0}]]),
 ('string-escapes', 'escapes exactly as JSON.stringify: quote, backslash, \\b \\f \\n \\r \\t, other C0 as \\u00xx; slash and DEL raw',
   "q\" b\\ s/ \b\f\n\r\t \u0000 \u001f \u007f"),
 ('unicode-raw', 'non-ASCII stays raw UTF-8, including U+2028 and astral characters', "é€😀\u2028"),
 ('money-as-strings', 'money travels as decimal strings', {"currency": "USD", "amount": "10.50"}),
 ('empty-string-key', 'the empty key sorts first', {"x": "", "": "empty"}),
]
for name, desc, value in pos:
    write(f'{cj}/encode/{name}.json', {"desc": desc, "input": value, "expected": canon(value)})
# Cases where Python's json cannot serve as the independent reference: written by hand.
write(f'{cj}/encode/negative-zero.json', None, '{\n  "desc": "-0 is written 0, as JSON.stringify does",\n  "input": -0,\n  "expected": "0"\n}\n')
write(f'{cj}/encode/key-order-utf16-code-units.json', None,
  '{\n  "desc": "keys compare by UTF-16 code units (RFC 8785), so U+1F600 (D83D DE00) sorts before U+E000",\n'
  '  "input": { "\\ue000": 1, "\\ud83d\\ude00": 2 },\n  "expected": "{\\"\\ud83d\\ude00\\":2,\\"\\ue000\\":1}"\n}\n')
write(f'{cj}/encode/lone-surrogate.json', None,
  '{\n  "desc": "a lone surrogate is escaped as \\\\udxxx, as well-formed JSON.stringify does",\n'
  '  "input": "a\\ud800b",\n  "expected": "\\"a\\\\ud800b\\""\n}\n')
deep_ok = []
for _ in range(64): deep_ok = [deep_ok]
write(f'{cj}/encode/depth-65.json', {"desc": "65 nested arrays: the deepest accepted nesting (depth 64 below the root)", "input": deep_ok, "expected": canon(deep_ok)})
neg = [
 ('fraction', 'fractional number', 1.5),
 ('fraction-in-object', 'money as a number inside an object', {"amount": 10.5}),
 ('fraction-in-array', 'fraction inside an array', [1, 0.1]),
 ('exponent-large', '1e21 is beyond 2^53-1', 1e21),
 ('two-pow-53', '2^53 is not a safe integer', 9007199254740992),
 ('minus-two-pow-53', '-2^53 is not a safe integer', -9007199254740992),
 ('tiny', '1e-7 is fractional', 1e-7),
]
for name, desc, value in neg:
    write(f'{cj}/reject/{name}.json', {"desc": desc, "input": value, "wantErr": "CanonicalJsonError"})
deep_bad = [deep_ok]
write(f'{cj}/reject/depth-66.json', {"desc": "66 nested arrays: one level deeper than accepted", "input": deep_bad, "wantErr": "CanonicalJsonError"})

# ---------------- journal ----------------
jr = os.path.join(ROOT, 'journal')
for sub in ('encode', 'decode'):
    shutil.rmtree(os.path.join(jr, sub), ignore_errors=True)
TX = 'a' * 63 + '1'
TS = '2025-01-01T00:00:00.000Z'
actor1 = {"msp": "Org1MSP", "id": "x509::/C=US/O=Org1MSP/CN=teller1::/C=US/O=Org1MSP/CN=ca.Org1MSP", "role": "teller"}
account = {"accountNumber": "ACC-1", "customerId": "CUST-1", "ownerMsp": "Org1MSP", "balance": "0.00", "currency": "USD",
           "status": "ACTIVE", "createdAt": TS, "updatedAt": TS}
idx = sha('{}')
open_rec = {"version": 1, "txId": TX, "timestamp": TS, "actor": actor1, "entries": [{
  "type": "account", "action": "Accounts:OpenAccount", "writes": sorted([
    {"key": "/account/ACC-1/", "valueHash": sha(canon(account)), "deleted": False},
    {"key": "/account~customer/CUST-1/ACC-1/", "valueHash": idx, "deleted": False},
    {"key": "/account~owner/Org1MSP/ACC-1/", "valueHash": idx, "deleted": False}], key=lambda w: w["key"])}]}
transfer = {"version": 1, "txId": 'b' * 64, "timestamp": "2025-01-01T00:00:05.123Z",
  "actor": {"msp": "Org1MSP", "id": "x509::/CN=admin1::/CN=ca", "role": "admin"}, "entries": [{
  "type": "transaction", "action": "Transactions:Transfer", "writes": sorted([
    {"key": "/account/ACC-1/", "valueHash": sha('1'), "deleted": False},
    {"key": "/account/ACC-2/", "valueHash": sha('2'), "deleted": False},
    {"key": "/transaction/T-1/", "valueHash": sha('3'), "deleted": False},
    {"key": "/transaction~account/ACC-1/99999998264065599999/T-1/", "valueHash": idx, "deleted": False},
    {"key": "/transaction~account/ACC-2/99999998264065599999/T-1/", "valueHash": idx, "deleted": False}], key=lambda w: w["key"])}]}
deleted = {"version": 1, "txId": "tx-with-delete", "timestamp": "2030-12-31T23:59:59.999Z",
  "actor": {"msp": "Org2MSP", "id": "x509::/CN=custodian2::/CN=ca", "role": "custodian"}, "entries": [{
  "type": "custody", "action": "Custody:AcceptCustody", "writes": [
    {"key": "/custody/P-1/00000001735689600000/abc/", "valueHash": sha('c'), "deleted": False},
    {"key": "/product/P-1/", "valueHash": None, "deleted": True}]}]}
pay1 = 'hello, journal'.encode()
pay2 = bytes(range(256))
events = {"version": 1, "txId": 'c' * 64, "timestamp": "2025-06-30T12:34:56.789Z",
  "actor": {"msp": "Org1MSP", "id": "x509::/CN=gateway1::/CN=ca", "role": "gateway"}, "entries": [
    {"type": "event", "eventId": "evt-0001", "payload": base64.b64encode(pay1).decode(), "vepsSignature": base64.b64encode(b'sig-1').decode(),
     "vepsTimestamp": "1735689600000", "metadata": {"source": "veps-1", "kind": "temperature", "note": "Zürich ✓"}},
    {"type": "event", "eventId": "evt 0002/with spaces", "payload": base64.b64encode(pay2).decode(), "vepsSignature": "",
     "vepsTimestamp": "9007199254740991", "metadata": {}}]}
empty = {"version": 1, "txId": 'd' * 64, "timestamp": "1970-01-01T00:00:00.001Z",
  "actor": {"msp": "Org3MSP", "id": "x509::/CN=gw::/CN=ca", "role": "gateway"}, "entries": [
    {"type": "event", "eventId": "e", "payload": "", "vepsSignature": "", "vepsTimestamp": "1", "metadata": {}}]}

def leaves(rec):
    out = []
    for e in rec["entries"]:
        if e["type"] == "event":
            out.append({"eventId": e["eventId"], "payloadHex": base64.b64decode(e["payload"]).hex()})
        else:
            out.append({"eventId": rec["txId"], "payloadHex": canon(e).encode().hex()})
    return out
for name, desc, rec in [
    ('open-account', 'Accounts:OpenAccount: the account key and its two index keys', open_rec),
    ('transfer', 'Transactions:Transfer between two accounts, with index keys', transfer),
    ('deleted-key', 'a deleted key has valueHash null and deleted true', deleted),
    ('two-events', 'Journal:SubmitEvents with two accepted events in input order; non-ASCII metadata, empty signature', events),
    ('empty-payload', 'an event with an empty payload, signature and metadata', empty)]:
    text = canon(rec)
    write(f'{jr}/encode/{name}.json', {"desc": desc, "input": rec, "expected": {
        "canonical": text, "sha256": sha(text), "leaves": leaves(rec)}})

def bad(name, desc, text):
    write(f'{jr}/decode/{name}.json', {"desc": desc, "input": text, "wantErr": "JournalFormatError"})
def mut(rec, f):
    r = copy.deepcopy(rec); f(r); return canon(r)
base = open_rec
bad('not-json', 'truncated JSON text', canon(base)[:-1])
bad('whitespace', 'valid record with whitespace: not canonical', json.dumps(base, sort_keys=True))
bad('unsorted-keys', 'valid record with keys out of order: not canonical', json.dumps(base, separators=(',', ':')))
bad('version-2', 'unknown version', mut(base, lambda r: r.update(version=2)))
bad('version-string', 'version as a string', mut(base, lambda r: r.update(version="1")))
bad('missing-actor', 'actor missing', mut(base, lambda r: r.pop("actor")))
bad('extra-field', 'a field the format does not have', mut(base, lambda r: r.update(extra=True)))
bad('unknown-role', 'actor role outside the role list', mut(base, lambda r: r["actor"].update(role="root")))
bad('empty-actor-id', 'empty actor id', mut(base, lambda r: r["actor"].update(id="")))
bad('timestamp-no-millis', 'timestamp without milliseconds', mut(base, lambda r: r.update(timestamp="2025-01-01T00:00:00Z")))
bad('timestamp-invalid-date', 'February 30th', mut(base, lambda r: r.update(timestamp="2025-02-30T00:00:00.000Z")))
bad('empty-tx-id', 'empty txId', mut(base, lambda r: r.update(txId="")))
bad('empty-entries', 'no entries', mut(base, lambda r: r.update(entries=[])))
bad('two-write-entries', 'two write entries in one record', mut(base, lambda r: r["entries"].append(copy.deepcopy(r["entries"][0]))))
bad('mixed-entries', 'event entry after a write entry', mut(base, lambda r: r["entries"].append(copy.deepcopy(events["entries"][0]))))
bad('write-after-event', 'write entry after an event entry', mut(events, lambda r: r["entries"].append(copy.deepcopy(base["entries"][0]))))
bad('unknown-entry-type', 'entry type outside the list', mut(base, lambda r: r["entries"][0].update(type="membership")))
bad('bad-action', 'action not Contract:Function', mut(base, lambda r: r["entries"][0].update(action="OpenAccount")))
bad('no-writes', 'write entry with no writes', mut(base, lambda r: r["entries"][0].update(writes=[])))
bad('writes-unsorted', 'writes not sorted by key', mut(base, lambda r: r["entries"][0]["writes"].reverse()))
bad('writes-duplicate-key', 'the same key twice', mut(base, lambda r: r["entries"][0]["writes"].insert(0, copy.deepcopy(r["entries"][0]["writes"][0]))))
bad('key-with-nul', 'a key still holding U+0000', mut(base, lambda r: r["entries"][0]["writes"][0].update(key="\u0000account\u0000ACC-1\u0000")))
bad('hash-upper-case', 'value hash in upper case', mut(base, lambda r: r["entries"][0]["writes"][0].update(valueHash=r["entries"][0]["writes"][0]["valueHash"].upper())))
bad('hash-short', 'value hash of 63 characters', mut(base, lambda r: r["entries"][0]["writes"][0].update(valueHash="0" * 63)))
bad('deleted-with-hash', 'deleted key with a value hash', mut(base, lambda r: r["entries"][0]["writes"][0].update(deleted=True)))
bad('null-hash-not-deleted', 'null value hash on a key that was not deleted', mut(deleted, lambda r: r["entries"][0]["writes"][1].update(deleted=False)))
e0 = lambda r: r["entries"][0]
bad('payload-not-base64', 'payload with characters outside base64', mut(events, lambda r: e0(r).update(payload="not base64!")))
bad('payload-unpadded', 'payload base64 without padding', mut(events, lambda r: e0(r).update(payload=e0(r)["payload"].rstrip('='))))
bad('payload-urlsafe', 'payload in the URL-safe alphabet', mut(events, lambda r: r["entries"][1].update(payload=r["entries"][1]["payload"].replace('+', '-').replace('/', '_'))))
bad('veps-timestamp-zero', 'vepsTimestamp 0', mut(events, lambda r: e0(r).update(vepsTimestamp="0")))
bad('veps-timestamp-2-53', 'vepsTimestamp 2^53', mut(events, lambda r: e0(r).update(vepsTimestamp="9007199254740992")))
bad('veps-timestamp-leading-zero', 'vepsTimestamp with a leading zero', mut(events, lambda r: e0(r).update(vepsTimestamp="01735689600000")))
bad('veps-timestamp-number', 'vepsTimestamp as a JSON number', mut(events, lambda r: e0(r).update(vepsTimestamp=1735689600000)))
bad('event-id-empty', 'empty event id', mut(events, lambda r: e0(r).update(eventId="")))
bad('event-id-257', 'event id of 257 characters', mut(events, lambda r: e0(r).update(eventId="x" * 257)))
bad('event-id-control', 'event id with a newline', mut(events, lambda r: e0(r).update(eventId="evt\n1")))
bad('event-id-non-ascii', 'event id with a non-ASCII character', mut(events, lambda r: e0(r).update(eventId="évt")))
bad('metadata-number', 'metadata value that is not a string', mut(events, lambda r: e0(r)["metadata"].update(n=1)))
bad('metadata-empty-key', 'metadata with an empty key', mut(events, lambda r: e0(r)["metadata"].update({"": "x"})))
bad('metadata-65', 'metadata with 65 entries', mut(events, lambda r: e0(r).update(metadata={f"k{i:02}": "v" for i in range(65)})))
bad('metadata-long-value', 'metadata value of 1025 characters', mut(events, lambda r: e0(r)["metadata"].update(v="x" * 1025)))
bad('metadata-array', 'metadata as an array', mut(events, lambda r: e0(r).update(metadata=[])))
bad('event-missing-signature', 'event entry without vepsSignature', mut(events, lambda r: e0(r).pop("vepsSignature")))
bad('event-extra-field', 'event entry with a field the format does not have', mut(events, lambda r: e0(r).update(sequence=1)))
bad('float', 'a fractional number where an integer is expected', canon(base).replace('"version":1', '"version":1.5'))
print('ok')
