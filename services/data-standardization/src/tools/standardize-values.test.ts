import { describe, expect, it } from '@jest/globals';
import { callHandler, testSettings } from '../../test/context.js';

describe('standardize_values', () => {
  it.each([
    [
      'date',
      ['31/12/2025', '01/02/2025', 'soon'],
      {},
      [{ value: '2025-12-31' }, { value: '2025-01-02' }, { error: 'unrecognised date format' }],
    ],
    ['date', ['01/02/2025'], { day_first: true }, [{ value: '2025-02-01' }]],
    ['datetime', ['2025-12-31 23:59'], { timezone: 'Europe/Berlin', output_timezone: 'UTC' }, [{ value: '2025-12-31T22:59:00Z' }]],
    ['phone', ['+44 20 7946 0958', '020 7946 0958'], { default_country: 'gb' }, [{ value: '+442079460958' }, { value: '+442079460958' }]],
    ['email', ['  Jane@Example.ORG'], {}, [{ value: 'jane@example.org' }]],
    [
      'currency_amount',
      ['€1.234,56', '12,50'],
      { default_currency: 'eur' },
      [{ value: { amount: '1234.56', currency: 'EUR' } }, { value: { amount: '12.50', currency: 'EUR' } }],
    ],
    [
      'country',
      ['Deutschland', 'U.S.A.'],
      {},
      [
        { value: { alpha2: 'DE', alpha3: 'DEU', name: 'Germany' } },
        { value: { alpha2: 'US', alpha3: 'USA', name: 'United States of America' } },
      ],
    ],
    ['number', ['1.234', '3,5'], { decimal_separator: ',' }, [{ value: '1234' }, { value: '3.5' }]],
    ['boolean', ['Yes', 'n', 'perhaps'], {}, [{ value: true }, { value: false }, { error: 'not one of yes/no/y/n/1/0/true/false' }]],
  ])('%s %j %j', async (kind, values, options, expected) => {
    const out = await callHandler('standardize_values', { kind, values, options });
    expect(out.results).toEqual(expected.map((e, index) => ({ index, input: values[index], ...e })));
    const failed = expected.filter((e) => 'error' in e).length;
    expect(out.summary).toEqual({ total: values.length, succeeded: values.length - failed, failed });
  });

  it.each([
    [{ timezone: 'Mars/Base' }, 'options.timezone "Mars/Base" is not an IANA time zone (e.g. Europe/Berlin)'],
    [{ default_currency: 'ABC' }, 'options.default_currency "ABC" is not an ISO 4217 code'],
  ])('rejects bad options %j', async (options, error) => {
    await expect(callHandler('standardize_values', { kind: 'datetime', values: ['2025-01-01'], options })).rejects.toThrow(error);
  });
});

describe('input bounds', () => {
  const settings = testSettings({ DS_MAX_RECORDS: '3', DS_MAX_FIELDS: '2', DS_MAX_STRING_LENGTH: '10' });
  it.each([
    [
      'standardize_values',
      { kind: 'email', values: ['a@b.co', 'x'.repeat(11)] },
      'values[1] is 11 characters long; the limit is DS_MAX_STRING_LENGTH=10',
    ],
    ['standardize_accounts', { records: [{ a: 1, b: 2, c: 3 }] }, 'records[0] has 3 fields; the limit is DS_MAX_FIELDS=2'],
    [
      'verify_data_integrity',
      { records: [{ a: { b: 'x'.repeat(20) } }] },
      'records[0].a.b is 20 characters long; the limit is DS_MAX_STRING_LENGTH=10',
    ],
  ])('%s', async (tool, args, error) => {
    await expect(callHandler(tool, args, { settings })).rejects.toThrow(error);
  });

  it('names DS_MAX_RECORDS in the schema error', async () => {
    await expect(callHandler('standardize_products', { records: [{}, {}, {}, {}] }, { settings })).rejects.toThrow(
      'at most DS_MAX_RECORDS=3 records per call',
    );
  });
});
