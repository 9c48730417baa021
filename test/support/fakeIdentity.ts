/** A fake client identity (MSP id, id and X.509 attributes) for chaincode unit tests. */
import * as sinon from 'sinon';
import { ClientIdentity } from 'fabric-shim';

/** What the fake identity reports besides its MSP id. */
export interface FakeIdentityOptions {
  /** `getID()`; default `x509::CN=user,O=<msp>::CN=ca.<msp>`. */
  readonly id?: string;
  /** Certificate attributes, e.g. `{'ledger.role': 'teller'}`. */
  readonly attrs?: Readonly<Record<string, string>>;
}

/**
 * Builds a stubbed `ClientIdentity`.
 *
 * @param mspId - `getMSPID()`.
 * @param options - id and attributes.
 * @returns the stubbed identity, to assign to `ctx.clientIdentity`.
 */
export function fakeIdentity(
  mspId: string,
  options: FakeIdentityOptions = {},
): sinon.SinonStubbedInstance<ClientIdentity> {
  const identity = sinon.createStubInstance(ClientIdentity);
  const id = options.id ?? `x509::CN=user,O=${mspId}::CN=ca.${mspId}`;
  const attrs = options.attrs ?? {};
  identity.getMSPID.returns(mspId);
  identity.getID.returns(id);
  identity.getIDBytes.returns(new Uint8Array(Buffer.from(id, 'utf8')));
  identity.getAttributeValue.callsFake((name) => (Object.hasOwn(attrs, name) ? (attrs[name] ?? null) : null));
  identity.assertAttributeValue.callsFake(
    (name, value) => Object.hasOwn(attrs, name) && attrs[name] === value,
  );
  return identity;
}

/**
 * Shorthand for an identity with a `ledger.role` attribute.
 *
 * @param mspId - the org.
 * @param role - the role attribute value.
 * @param name - user name used in the id.
 * @returns the stubbed identity.
 */
export function roleIdentity(
  mspId: string,
  role: string,
  name = role,
): sinon.SinonStubbedInstance<ClientIdentity> {
  return fakeIdentity(mspId, {
    id: `x509::/C=US/O=${mspId}/CN=${name}::/C=US/O=${mspId}/CN=ca.${mspId}`,
    attrs: { 'ledger.role': role },
  });
}
