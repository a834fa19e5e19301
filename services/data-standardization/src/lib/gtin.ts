/** GTIN-8/12/13/14 check digits (GS1 General Specifications §7.9: mod 10, weights 3/1 from the right). */

/** The GS1 check digit for `body` (all digits but the last). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Outcome of checking a GTIN. */
export type GtinCheck =
  { valid: true; gtin: string; format: 'GTIN-8' | 'GTIN-12' | 'GTIN-13' | 'GTIN-14' } | { valid: false; gtin: string; error: string };

/**
 * Cleans (spaces and hyphens removed) and verifies a GTIN.
 *
 * @example checkGtin('4006381333931') // { valid: true, gtin: '4006381333931', format: 'GTIN-13' }
 */
export function checkGtin(input: string): GtinCheck {
  const gtin = input.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(gtin)) return { valid: false, gtin, error: 'GTIN must contain only digits' };
  if (![8, 12, 13, 14].includes(gtin.length))
    return { valid: false, gtin, error: `GTIN must have 8, 12, 13 or 14 digits, not ${gtin.length}` };
  const expected = gtinCheckDigit(gtin.slice(0, -1));
  if (Number(gtin.at(-1)) !== expected) return { valid: false, gtin, error: `GTIN check digit is ${gtin.at(-1)}, expected ${expected}` };
  return { valid: true, gtin, format: `GTIN-${gtin.length}` as 'GTIN-8' | 'GTIN-12' | 'GTIN-13' | 'GTIN-14' };
}
