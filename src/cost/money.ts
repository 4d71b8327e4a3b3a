// Exact money for the cost estimate. Rates are decimal strings (the Price List gives ten
// decimals, e.g. "0.0640000000"), quantities are whole milli-units (0.25 vCPU = 250) and time is
// whole seconds, so every product is an integer in one small unit: a dollar is
// 10^10 (rate) × 1000 (quantity) × 3600 (hour) units. Sums are exact; rounding happens once,
// to the cent, when a figure is shown.

/** Units of one dollar. */
export const UNITS_PER_DOLLAR = 10n ** 10n * 1000n * 3600n;
const RATE_SCALE = 10n ** 10n;

/** An amount of money in 1/UNITS_PER_DOLLAR dollars. */
export type Amount = bigint;

/** A rate in 10^-10 dollars per unit; throws on anything but a plain non-negative decimal. */
export function parseRate(text: string | number): bigint {
  const s = typeof text === 'number' ? numberToDecimal(text) : text.trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`"${text}" is not a price: write a non-negative decimal number such as 0.064.`);
  const frac = (m[2] ?? '').padEnd(10, '0');
  if (/[1-9]/.test(frac.slice(10))) throw new Error(`"${text}" has more than ten decimals; the Price List uses at most ten.`);
  return BigInt(m[1]) * RATE_SCALE + BigInt(frac.slice(0, 10));
}

function numberToDecimal(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  // toFixed(10) of a JavaScript number is the decimal the user typed for any price with up to ten decimals.
  return n.toFixed(10);
}

/** Cost of `milli` thousandths of a unit for `seconds` at `ratePerUnitHour` (10^-10 $ per unit-hour). */
export function hourly(ratePerUnitHour: bigint, milli: bigint, seconds: bigint): Amount {
  return ratePerUnitHour * milli * seconds;
}

/** A flat fee of `rate` dollars (10^-10 $ units) as an Amount. */
export function flat(rate: bigint): Amount {
  return rate * 1000n * 3600n;
}

export function dollars(whole: number): Amount {
  return BigInt(whole) * UNITS_PER_DOLLAR;
}

/** Whole cents, rounded half up (amounts are never negative). */
export function toCents(amount: Amount): bigint {
  return (amount * 100n + UNITS_PER_DOLLAR / 2n) / UNITS_PER_DOLLAR;
}

/** "$25.79"; amounts under a cent that are not zero show as "<$0.01". */
export function formatDollars(amount: Amount): string {
  const cents = toCents(amount);
  if (cents === 0n && amount > 0n) return '<$0.01';
  const whole = cents / 100n;
  const rest = (cents % 100n).toString().padStart(2, '0');
  return `$${whole.toLocaleString('en-US')}.${rest}`;
}

/** A rate (10^-10 $ units) as a short decimal: 640000000n → "0.064". */
export function formatRate(rate: bigint): string {
  const whole = rate / RATE_SCALE;
  const frac = (rate % RATE_SCALE).toString().padStart(10, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** amount × numerator / denominator, rounded down to the unit (a unit is 2.8 × 10^-17 $). */
export function scale(amount: Amount, numerator: bigint, denominator: bigint): Amount {
  return denominator === 0n ? 0n : (amount * numerator) / denominator;
}

/** For charts and sorting only; figures shown as money go through formatDollars. */
export function toNumber(amount: Amount): number {
  return Number(amount) / Number(UNITS_PER_DOLLAR);
}
