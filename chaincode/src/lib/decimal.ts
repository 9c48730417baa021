/**
 * Exact money arithmetic on decimal strings. An amount is held as a bigint count of the currency's
 * minor units (cents for USD, fils for BHD, yen for JPY) and printed back with exactly the currency's
 * number of fraction digits. No floating point anywhere.
 */
import { invalidArgument } from './errors';

/** A currency the ledger accepts, with its ISO 4217 minor-unit exponent. */
export interface Currency {
  /** ISO 4217 alphabetic code, e.g. `USD`. */
  readonly code: string;
  /** Number of fraction digits of the minor unit (ISO 4217 "E" column). */
  readonly minorUnits: number;
}

/**
 * The currencies the ledger accepts: ISO 4217 code → minor-unit digits (ISO 4217 list one, as
 * published by SIX; funds and precious-metal codes are left out on purpose).
 */
export const CURRENCIES: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PLN: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  TND: 3,
  TRY: 2,
  USD: 2,
  VND: 0,
  ZAR: 2,
});

/**
 * Every amount and every balance must stay strictly below this many major units (10^15, i.e. one
 * quadrillion dollars or yen). With 3 minor digits that is below 10^18 minor units, far from any limit.
 */
export const MAX_AMOUNT_MAJOR_UNITS = 1_000_000_000_000_000n;

const AMOUNT_SYNTAX = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Looks up a currency by its ISO 4217 code.
 *
 * @param code - upper-case three-letter code.
 * @param field - argument name for the error message.
 * @returns the currency.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` if the code is not in {@link CURRENCIES}.
 */
export function currencyOf(code: unknown, field = 'currency'): Currency {
  const minorUnits =
    typeof code === 'string' && Object.hasOwn(CURRENCIES, code) ? CURRENCIES[code] : undefined;
  if (typeof code !== 'string' || minorUnits === undefined) {
    throw invalidArgument(field, code, 'an ISO 4217 currency code such as "USD", "EUR", "JPY" or "BHD"');
  }
  return { code, minorUnits };
}

/**
 * The exclusive upper bound of amounts and balances in minor units of a currency.
 *
 * @param currency - the currency.
 * @returns 10^15 major units expressed in minor units.
 */
export function maxMinorUnits(currency: Currency): bigint {
  return MAX_AMOUNT_MAJOR_UNITS * 10n ** BigInt(currency.minorUnits);
}

/**
 * Parses a positive amount: plain decimal digits, an optional `.` and at most the currency's minor
 * digits, no sign, exponent, whitespace or leading zeros, greater than zero and below the maximum.
 *
 * @param text - e.g. `"10.50"` for USD, `"1000"` for JPY.
 * @param currency - the currency of the account the amount applies to.
 * @param field - argument name for the error message.
 * @returns the amount in minor units.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` naming the rule that failed.
 */
export function parseAmount(text: unknown, currency: Currency, field = 'amount'): bigint {
  const match = typeof text === 'string' ? AMOUNT_SYNTAX.exec(text) : null;
  const whole = match?.[1];
  if (match === null || whole === undefined) {
    throw invalidArgument(
      field,
      text,
      'a decimal string of digits such as "10.50" (no sign, exponent or spaces)',
    );
  }
  const fraction = match[2] ?? '';
  if (fraction.length > currency.minorUnits) {
    throw invalidArgument(field, text, `at most ${currency.minorUnits} fraction digits for ${currency.code}`);
  }
  const minor = BigInt(whole + fraction.padEnd(currency.minorUnits, '0'));
  if (minor <= 0n) {
    throw invalidArgument(field, text, 'an amount greater than zero');
  }
  if (minor >= maxMinorUnits(currency)) {
    throw invalidArgument(field, text, `an amount below ${MAX_AMOUNT_MAJOR_UNITS} ${currency.code}`);
  }
  return minor;
}

/**
 * Checks only the syntax of an amount, before the currency is known: plain decimal digits with an
 * optional fraction, no sign, exponent, whitespace or leading zeros, greater than zero.
 *
 * @param text - the argument.
 * @param field - argument name for the error message.
 * @returns the text.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function checkAmountSyntax(text: unknown, field = 'amount'): string {
  const match = typeof text === 'string' ? AMOUNT_SYNTAX.exec(text) : null;
  if (match === null || typeof text !== 'string') {
    throw invalidArgument(
      field,
      text,
      'a decimal string of digits such as "10.50" (no sign, exponent or spaces)',
    );
  }
  if (!/[1-9]/.test(text)) {
    throw invalidArgument(field, text, 'an amount greater than zero');
  }
  return text;
}

/**
 * Parses a balance as stored by the ledger (canonical form, zero allowed).
 *
 * @param text - e.g. `"0.00"`.
 * @param currency - the account currency.
 * @returns the balance in minor units.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` if the text is not in canonical form.
 */
export function parseBalance(text: string, currency: Currency): bigint {
  const match = AMOUNT_SYNTAX.exec(text);
  const whole = match?.[1];
  const fraction = match?.[2] ?? '';
  if (
    whole === undefined ||
    fraction.length !== currency.minorUnits ||
    formatMinor(BigInt(whole + fraction), currency) !== text
  ) {
    throw invalidArgument('balance', text, `a canonical ${currency.code} balance`);
  }
  return BigInt(whole + fraction);
}

/**
 * Prints minor units with exactly the currency's fraction digits: 1050n USD → `"10.50"`, 7n JPY → `"7"`.
 *
 * @param minor - a non-negative amount in minor units.
 * @param currency - the currency.
 * @returns the canonical decimal string.
 * @throws {@link RangeError} for a negative amount (balances never go negative).
 */
export function formatMinor(minor: bigint, currency: Currency): string {
  if (minor < 0n) {
    throw new RangeError(`negative amount ${minor}`);
  }
  if (currency.minorUnits === 0) {
    return minor.toString();
  }
  const digits = minor.toString().padStart(currency.minorUnits + 1, '0');
  const cut = digits.length - currency.minorUnits;
  return `${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
