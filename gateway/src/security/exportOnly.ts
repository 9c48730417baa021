/**
 * The mark the authorization interceptor puts on a StreamEvents request of a caller who may `export`
 * but not `stream`: such a bounded stream is capped at the journal's tip when it opens, so a
 * `to_sequence` far in the future (2^53 − 1) cannot turn an export into live tailing. The mark is a
 * symbol-keyed property: nothing a client sends over the wire can set it. Pure.
 */

const EXPORT_ONLY: unique symbol = Symbol('ledger.exportOnly');

/** A request object carrying the mark. */
type Marked = { readonly [EXPORT_ONLY]?: true };

/**
 * A shallow copy of a request object with the export-only mark.
 *
 * @param message - the deserialized request.
 * @returns the marked copy; a non-object is returned unchanged.
 */
export function markExportOnly(message: unknown): unknown {
  if (typeof message !== 'object' || message === null) return message;
  return Object.assign(Object.create(Object.getPrototypeOf(message) as object | null) as object, message, {
    [EXPORT_ONLY]: true,
  });
}

/**
 * Whether a request carries the export-only mark.
 *
 * @param message - the request the handler received.
 * @returns true when the interceptor marked it.
 */
export function isExportOnly(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as Marked)[EXPORT_ONLY] === true;
}
