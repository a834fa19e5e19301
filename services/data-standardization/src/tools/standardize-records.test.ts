import { describe, expect, it } from '@jest/globals';
import { callHandler } from '../../test/context.js';

describe('standardize_accounts', () => {
  it.each([
    [
      'clean record with levels',
      {
        account_id: ' 1000 ',
        account_name: '  cash AND cash   equivalents ',
        account_type: 'Assets',
        l1_category: 'assets',
        l2_subcategory: 'current assets',
        l3_detail: 'cash',
      },
      {
        account_id: '1000',
        account_name: 'Cash and Cash Equivalents',
        account_type: 'asset',
        hierarchy: ['Assets', 'Current Assets', 'Cash'],
        hierarchy_path: 'Assets > Current Assets > Cash',
        confidence: 1,
        issues: [],
        status: 'standardized',
      },
    ],
    [
      'path and a synonym',
      {
        account_id: 'ap-2000',
        account_name: 'Trade Payables',
        account_type: 'A/P',
        path: 'Liabilities > Current Liabilities>Trade payables',
      },
      {
        account_id: 'AP-2000',
        account_name: 'Trade Payables',
        account_type: 'liability',
        hierarchy: ['Liabilities', 'Current Liabilities', 'Trade Payables'],
        hierarchy_path: 'Liabilities > Current Liabilities > Trade Payables',
        confidence: 0.9,
        issues: ['unknown account_type "A/P"', 'account_type inferred from hierarchy level "Liabilities"'],
        status: 'standardized',
      },
    ],
    [
      'COGS, numeric id',
      { account_id: 5000, account_name: 'Cost of goods sold', account_type: 'cogs' },
      {
        account_id: '5000',
        account_name: 'Cost of Goods Sold',
        account_type: 'expense',
        hierarchy: [],
        hierarchy_path: null,
        confidence: 0.9,
        issues: ['no hierarchy (l1_category.. or path)'],
        status: 'standardized',
      },
    ],
    [
      'wrong types and missing fields',
      { account_id: { nested: true }, account_name: 'Sales', account_type: '???' },
      {
        account_id: null,
        account_name: 'Sales',
        account_type: null,
        hierarchy: [],
        hierarchy_path: null,
        confidence: 0.4,
        issues: [
          'account_id has the wrong type (object)',
          'unknown account_type "???"',
          'account_type could not be mapped',
          'no hierarchy (l1_category.. or path)',
        ],
        status: 'standardized',
      },
    ],
    [
      'nothing to identify',
      { account_type: 'equity', l1_category: 'Equity' },
      {
        account_id: null,
        account_name: null,
        account_type: 'equity',
        hierarchy: ['Equity'],
        hierarchy_path: 'Equity',
        confidence: 0,
        issues: ['missing account_id', 'missing account_name', 'record has neither account_id nor account_name'],
        status: 'failed',
      },
    ],
  ])('%s', async (_name, record, expected) => {
    const out = await callHandler('standardize_accounts', { records: [record] });
    expect(out.records).toEqual([{ index: 0, ...expected }]);
  });

  it('summarises the batch', async () => {
    const out = await callHandler('standardize_accounts', {
      records: [
        { account_id: '1', account_name: 'Cash', account_type: 'asset', l1_category: 'Assets' },
        { account_type: 'asset' },
        { account_id: '2', account_name: 'Rent', account_type: 'expense', path: 'Expenses' },
      ],
    });
    expect(out.summary).toEqual({ total: 3, standardized: 2, failed: 1, success_rate: 0.6667, average_confidence: 0.6667 });
  });
});

describe('standardize_locations', () => {
  it.each([
    [
      { location_id: 'loc 1', name: 'berlin HQ', country: 'Deutschland', city: ' berlin ', state: 'be' },
      {
        location_id: 'LOC-1',
        name: 'Berlin HQ',
        city: 'Berlin',
        state: 'BE',
        country: 'DE',
        country_alpha3: 'DEU',
        country_name: 'Germany',
        region: 'Europe',
        confidence: 1,
        issues: ['region filled from country (Europe)'],
        status: 'standardized',
      },
    ],
    [
      { location_id: 'NYC', name: 'new york office', country: 'U.S.A.', state: 'new york', city: 'NEW YORK', region: 'north america' },
      {
        location_id: 'NYC',
        name: 'New York Office',
        city: 'New York',
        state: 'New York',
        country: 'US',
        country_alpha3: 'USA',
        country_name: 'United States of America',
        region: 'North America',
        confidence: 1,
        issues: [],
        status: 'standardized',
      },
    ],
    [
      { location_id: 'x1', name: 'Depot', country: 'Atlantis', city: 'Poseidonia' },
      {
        location_id: 'X1',
        name: 'Depot',
        city: 'Poseidonia',
        state: null,
        country: null,
        country_alpha3: null,
        country_name: null,
        region: null,
        confidence: 0.6,
        issues: ['unknown country "Atlantis"'],
        status: 'standardized',
      },
    ],
    [
      { location_id: 'ams', name: 'Amsterdam', country: 'Holland', city: 42 },
      {
        location_id: 'AMS',
        name: 'Amsterdam',
        city: '42',
        state: null,
        country: 'NL',
        country_alpha3: 'NLD',
        country_name: 'Netherlands',
        region: 'Europe',
        confidence: 1,
        issues: ['region filled from country (Europe)'],
        status: 'standardized',
      },
    ],
    [
      { name: 'Nowhere' },
      {
        location_id: null,
        name: 'Nowhere',
        city: null,
        state: null,
        country: null,
        country_alpha3: null,
        country_name: null,
        region: null,
        confidence: 0.45,
        issues: ['missing location_id', 'missing city', 'missing country'],
        status: 'standardized',
      },
    ],
  ])('%j', async (record, expected) => {
    const out = await callHandler('standardize_locations', { records: [record] });
    expect(out.records).toEqual([{ index: 0, ...expected }]);
  });
});

describe('standardize_products', () => {
  it.each([
    [
      {
        product_id: ' sku 001/a ',
        product_name: '  iPhone   15 Pro ',
        l1_category: 'ELECTRONICS',
        l2_subcategory: 'phones',
        gtin: '4006381333931',
      },
      {
        product_id: 'SKU-001A',
        product_name: 'iPhone 15 Pro',
        hierarchy: ['Electronics', 'Phones'],
        hierarchy_path: 'Electronics > Phones',
        gtin: '4006381333931',
        gtin_valid: true,
        gtin_format: 'GTIN-13',
        confidence: 1,
        issues: [],
        status: 'standardized',
      },
    ],
    [
      { product_id: 'p2', product_name: 'Widget', path: 'tools | hand tools', gtin: '4006381333932' },
      {
        product_id: 'P2',
        product_name: 'Widget',
        hierarchy: ['Tools', 'Hand Tools'],
        hierarchy_path: 'Tools > Hand Tools',
        gtin: '4006381333932',
        gtin_valid: false,
        gtin_format: null,
        confidence: 0.7,
        issues: ['GTIN check digit is 2, expected 1'],
        status: 'standardized',
      },
    ],
    [
      { product_id: 'p3', product_name: 'Snack', l1_category: 'Food', gtin: 96385074 },
      {
        product_id: 'P3',
        product_name: 'Snack',
        hierarchy: ['Food'],
        hierarchy_path: 'Food',
        gtin: '96385074',
        gtin_valid: true,
        gtin_format: 'GTIN-8',
        confidence: 1,
        issues: ['gtin given as a number: leading zeros may have been lost'],
        status: 'standardized',
      },
    ],
    [
      { product_name: 'Loose item' },
      {
        product_id: null,
        product_name: 'Loose item',
        hierarchy: [],
        hierarchy_path: null,
        gtin: null,
        gtin_valid: null,
        gtin_format: null,
        confidence: 0.6,
        issues: ['missing product_id', 'no category hierarchy (l1_category.. or path)'],
        status: 'standardized',
      },
    ],
  ])('%j', async (record, expected) => {
    const out = await callHandler('standardize_products', { records: [record] });
    expect(out.records).toEqual([{ index: 0, ...expected }]);
  });
});

describe('standardize_batch', () => {
  it('standardizes each type and summarises the batch', async () => {
    const out = await callHandler('standardize_batch', {
      account: [{ account_id: '1', account_name: 'Cash', account_type: 'asset', l1_category: 'Assets' }],
      location: [{ location_id: 'L', name: 'HQ', country: 'UK', city: 'London' }, { country: 'France' }],
      product: [{ product_id: 'P', product_name: 'Pen', l1_category: 'Office' }],
    });
    const batch = out.batch_summary as Record<string, unknown>;
    expect(batch).toMatchObject({ total_records: 4, standardized: 3, failed: 1, success_rate: 0.75, overall_confidence: 0.75 });
    expect(batch.batch_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof batch.processing_time_ms).toBe('number');
    expect(Object.keys(out).sort()).toEqual(['account', 'batch_summary', 'location', 'product']);
  });

  it('bounds the sum of all arrays by DS_MAX_RECORDS', async () => {
    const settings = (await import('../../test/context.js')).testSettings({ DS_MAX_RECORDS: '2' });
    await expect(callHandler('standardize_batch', { account: [{}, {}], product: [{}] }, { settings })).rejects.toThrow(
      '3 records in one call; the limit is DS_MAX_RECORDS=2',
    );
  });
});
