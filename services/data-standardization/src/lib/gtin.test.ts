import { describe, expect, it } from '@jest/globals';
import { checkGtin, gtinCheckDigit } from './gtin.js';

// Check digits computed by hand: weights 3,1,3,… from the right of the body, (10 − sum mod 10) mod 10.
describe('GTIN check digits', () => {
  it.each([
    ['9638507', 4], // 7·3+0+5·3+8+3·3+6+9·3 = 86 → 4
    ['400638133393', 1], // EAN-13 4006381333931
    ['03600029145', 2], // UPC-A 036000291452
    ['0400638133393', 1], // the same EAN-13 as GTIN-14
  ])('body %s → %d', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });

  it.each([
    ['96385074', 'GTIN-8'],
    ['036000291452', 'GTIN-12'],
    ['4006381333931', 'GTIN-13'],
    ['04006381333931', 'GTIN-14'],
    ['400-6381 333931', 'GTIN-13'],
  ])('%s is a valid %s', (input, format) => {
    expect(checkGtin(input)).toEqual({ valid: true, gtin: input.replace(/[\s-]/g, ''), format });
  });

  it.each([
    ['4006381333932', 'GTIN check digit is 2, expected 1'],
    ['12345', 'GTIN must have 8, 12, 13 or 14 digits, not 5'],
    ['40063813339AB', 'GTIN must contain only digits'],
  ])('%s is invalid', (input, error) => {
    expect(checkGtin(input)).toEqual({ valid: false, gtin: input, error });
  });
});
