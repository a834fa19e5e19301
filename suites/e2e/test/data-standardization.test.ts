/**
 * data-standardization: all twelve tools through both eras. Expected values follow the rules in
 * docs/tools.md and the service README (confidence penalties, quality dimensions, completeness weights),
 * worked out by hand in the comments.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { ERAS, expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['data-standardization'];
let h: Harness;
beforeAll(async () => {
  // The write key: run_standardization_workflow needs write.
  h = await openService(await SERVICES['data-standardization'](), { key: 'write' });
});
afterAll(async () => {
  await h?.close();
});

/**
 * The wire form of data-standardization arguments (service README, "Input forms"): each record, a
 * JSON Schema and a validation payload travel as JSON text, field weights as {field, weight}
 * pairs, a reference set as JSON text. The fixtures are written as objects; this encodes them.
 */
function wire(args: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown) => JSON.stringify(value);
  const out: Record<string, unknown> = { ...args };
  for (const key of ['records', 'original', 'standardized', 'account', 'location', 'product'])
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(text);
  for (const key of ['record', 'json_schema', 'target_schema', 'schema', 'data']) if (out[key] !== undefined) out[key] = text(out[key]);
  if (out.field_weights !== undefined)
    out.field_weights = Object.entries(out.field_weights as Record<string, number>).map(([field, weight]) => ({ field, weight }));
  const checks = out.checks as { referential_integrity?: { reference_set: unknown }[] } | undefined;
  if (checks?.referential_integrity)
    out.checks = {
      ...checks,
      referential_integrity: checks.referential_integrity.map((check) => ({ ...check, reference_set: text(check.reference_set) })),
    };
  return out;
}

const LOCATIONS = [
  { location_id: 'L1', name: 'hq', country: 'United States', state: 'california', city: 'san francisco' },
  { location_id: 'L2', name: 'Office', country: 'DEU' },
  { location_id: 'L3', country: 'Atlantis' },
];

describe('data-standardization through both eras', () => {
  it('lists exactly its twelve tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('standardize_accounts: trimmed, title-cased, type synonyms, hierarchy from path or levels', async () => {
    const result = await h.callBoth(
      'standardize_accounts',
      wire({
        records: [
          { account_id: ' 1000 ', account_name: '  petty   cash ', account_type: 'Assets', path: 'Assets > Current Assets > Cash' },
          {
            account_id: '2000',
            account_name: 'Accounts Payable',
            account_type: 'payables',
            l1_category: 'Liabilities',
            l2_category: 'current liabilities',
          },
        ],
      }),
    );
    expect(result).toEqual({
      records: [
        {
          index: 0,
          status: 'standardized',
          confidence: 1,
          issues: [],
          account_id: '1000',
          account_name: 'Petty Cash',
          account_type: 'asset',
          hierarchy: ['Assets', 'Current Assets', 'Cash'],
          hierarchy_path: 'Assets > Current Assets > Cash',
        },
        {
          index: 1,
          status: 'standardized',
          confidence: 1,
          issues: [],
          account_id: '2000',
          account_name: 'Accounts Payable',
          account_type: 'liability',
          hierarchy: ['Liabilities', 'Current Liabilities'],
          hierarchy_path: 'Liabilities > Current Liabilities',
        },
      ],
      summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 1 },
    });
  });

  it('standardize_locations: ISO codes from names and alpha-3, region from the country, unknown reported', async () => {
    // Confidence: L1 complete → 1; L2 missing city −0.05 → 0.95; L3 missing name −0.1, missing city
    // −0.05, unknown country −0.4 → 0.45. Average (1 + 0.95 + 0.45)/3 = 0.8.
    const result = await h.callBoth<{ records: Record<string, unknown>[]; summary: Record<string, number> }>(
      'standardize_locations',
      wire({ records: LOCATIONS }),
    );
    expect(result.records[0]).toEqual({
      index: 0,
      status: 'standardized',
      confidence: 1,
      issues: ['region filled from country (North America)'],
      location_id: 'L1',
      name: 'Hq',
      city: 'San Francisco',
      state: 'California',
      country: 'US',
      country_alpha3: 'USA',
      country_name: 'United States of America',
      region: 'North America',
    });
    expect(result.records[1]).toMatchObject({
      confidence: 0.95,
      country: 'DE',
      country_alpha3: 'DEU',
      country_name: 'Germany',
      region: 'Europe',
      city: null,
    });
    expect(result.records[2]).toMatchObject({
      confidence: 0.45,
      country: null,
      country_alpha3: null,
      region: null,
      issues: ['missing name', 'missing city', 'unknown country "Atlantis"'],
    });
    expect(result.summary).toEqual({ total: 3, standardized: 3, failed: 0, success_rate: 1, average_confidence: 0.8 });
  });

  it('standardize_products: GTIN check digits verified', async () => {
    // GTIN-13 4006381333931: weights 1,3,1,3… over the first 12 digits: 4+0+0+18+3+24+1+9+3+9+9+9 = 89
    // → check digit (10 − 89 mod 10) mod 10 = 1: valid; …932 is not (−0.3), nor has it a hierarchy (−0.1) → 0.6.
    const result = await h.callBoth<{ records: Record<string, unknown>[]; summary: Record<string, number> }>(
      'standardize_products',
      wire({
        records: [
          { product_id: ' p-1 ', product_name: 'steel   bolt', l1_category: 'hardware', l2_category: 'fasteners', gtin: '4006381333931' },
          { product_id: 'p-2', product_name: 'Nut', gtin: '4006381333932' },
        ],
      }),
    );
    expect(result.records[0]).toMatchObject({
      confidence: 1,
      product_id: 'P-1',
      product_name: 'steel bolt',
      hierarchy: ['Hardware', 'Fasteners'],
      hierarchy_path: 'Hardware > Fasteners',
      gtin: '4006381333931',
      gtin_valid: true,
      gtin_format: 'GTIN-13',
    });
    expect(result.records[1]).toMatchObject({ confidence: 0.6, gtin_valid: false, gtin_format: null, hierarchy: [], hierarchy_path: null });
    expect(result.records[1]!.issues).toEqual(['no category hierarchy (l1_category.. or path)', 'GTIN check digit is 2, expected 1']);
    expect(result.summary).toEqual({ total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 0.8 });
  });

  it('standardize_batch: per-type results and a batch summary', async () => {
    // GTIN-8 96385074: 9·3+6+3·3+8+5·3+0+7·3 = 27+6+9+8+15+0+21 = 86 → check 4: valid. Each record
    // lacks a hierarchy (−0.1) → 0.9; overall 0.9.
    const withoutRunValues = ({
      batch_summary: { batch_id: _id, processing_time_ms: _ms, ...summary },
      ...rest
    }: {
      batch_summary: Record<string, unknown>;
    }) => ({ ...rest, batch_summary: summary });
    const result = await h.callBoth<{
      batch_summary: Record<string, unknown>;
      account: { summary: unknown };
      product: { records: Record<string, unknown>[] };
    }>(
      'standardize_batch',
      wire({
        account: [{ account_id: '1000', account_name: 'Cash', account_type: 'asset' }],
        product: [{ product_id: 'p-1', product_name: 'Bolt', gtin: '96385074' }],
      }),
      withoutRunValues,
    );
    expect(result).not.toHaveProperty('location');
    expect(result.account.summary).toEqual({ total: 1, standardized: 1, failed: 0, success_rate: 1, average_confidence: 0.9 });
    expect(result.product.records[0]).toMatchObject({ gtin_valid: true, gtin_format: 'GTIN-8', confidence: 0.9 });
    expect(result.batch_summary).toMatchObject({ total_records: 2, standardized: 2, failed: 0, success_rate: 1, overall_confidence: 0.9 });
    expect(result.batch_summary.batch_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('standardize_values: currency amounts, booleans, dates, phones, e-mails', async () => {
    const currency = await h.callBoth('standardize_values', { kind: 'currency_amount', values: ['€1.234,56', '$12.50', '12,5 USD'] });
    expect(currency).toEqual({
      kind: 'currency_amount',
      results: [
        { index: 0, input: '€1.234,56', value: { amount: '1234.56', currency: 'EUR' } },
        { index: 1, input: '$12.50', value: { amount: '12.50', currency: 'USD' } },
        // USD has two minor digits: "12,5" → 12.5 padded to 12.50.
        { index: 2, input: '12,5 USD', value: { amount: '12.50', currency: 'USD' } },
      ],
      summary: { total: 3, succeeded: 3, failed: 0 },
    });
    const booleans = await h.callBoth<{ results: { value?: unknown; error?: string }[]; summary: unknown }>('standardize_values', {
      kind: 'boolean',
      values: ['yes', 'N', '1', 'maybe'],
    });
    expect(booleans.results.map((r) => r.value)).toEqual([true, false, true, undefined]);
    expect(typeof booleans.results[3]!.error).toBe('string');
    expect(booleans.summary).toEqual({ total: 4, succeeded: 3, failed: 1 });
    // 2024 is a leap year, 2023 is not.
    const dates = await h.callBoth<{ results: { value?: unknown; error?: string }[] }>('standardize_values', {
      kind: 'date',
      values: ['2024-02-29', '2023-02-29', '31 Dec 2025'],
    });
    expect(dates.results.map((r) => r.value)).toEqual(['2024-02-29', undefined, '2025-12-31']);
    const phones = await h.callBoth<{ results: { value?: unknown }[] }>('standardize_values', {
      kind: 'phone',
      values: ['+1 (415) 555-2671', '030 123456'],
      options: { default_country: 'DE' },
    });
    expect(phones.results.map((r) => r.value)).toEqual(['+14155552671', '+4930123456']);
    const emails = await h.callBoth<{ results: { value?: unknown; error?: string }[] }>('standardize_values', {
      kind: 'email',
      values: [' John.Doe@Example.COM ', 'not-an-email'],
    });
    expect(emails.results.map((r) => r.value)).toEqual(['john.doe@example.com', undefined]);
    // Berlin is UTC+1 until 02:00 on 2025-03-30 and UTC+2 in June; a written Z stays UTC.
    const datetimes = await h.callBoth<{ results: { value?: unknown }[] }>('standardize_values', {
      kind: 'datetime',
      values: ['2025-03-30T01:30:00', '2025-06-01 12:00 Europe/Berlin', '2025-01-01T00:00:00Z'],
      options: { timezone: 'Europe/Berlin', output_timezone: 'UTC' },
    });
    expect(datetimes.results.map((r) => r.value)).toEqual(['2025-03-30T00:30:00Z', '2025-06-01T10:00:00Z', '2025-01-01T00:00:00Z']);
    // Last mark decimal; "(12)" and "12-" negative; a single "," before three digits groups.
    const numbers = await h.callBoth<{ results: { value?: unknown }[] }>('standardize_values', {
      kind: 'number',
      values: ['1,234.5', '1.234,5', '(12)', '12-', '1 000 000', '1,234'],
    });
    expect(numbers.results.map((r) => r.value)).toEqual(['1234.5', '1234.5', '-12', '-12', '1000000', '1234']);
    const countries = await h.callBoth<{ results: { value?: { alpha2: string }; error?: string }[] }>('standardize_values', {
      kind: 'country',
      values: ['Deutschland', 'uk', 'Holland', '840', 'Atlantis'],
    });
    expect(countries.results.map((r) => r.value?.alpha2)).toEqual(['DE', 'GB', 'NL', 'US', undefined]);
    // Minor units: JPY 0 digits, EUR 2 (padded); "kr" is ambiguous (SEK, NOK, DKK, ISK) and refused.
    const amounts = await h.callBoth<{ results: { value?: unknown; error?: string }[]; summary: unknown }>('standardize_values', {
      kind: 'currency_amount',
      values: ['¥1000', '€5', 'kr 100', "CHF 1'234.50"],
    });
    expect(amounts.results.map((r) => r.value)).toEqual([
      { amount: '1000', currency: 'JPY' },
      { amount: '5.00', currency: 'EUR' },
      undefined,
      { amount: '1234.50', currency: 'CHF' },
    ]);
    expect(amounts.summary).toEqual({ total: 4, succeeded: 3, failed: 1 });
  });

  it('assess_data_quality: four dimensions, weighted mean, level', async () => {
    // completeness: 5 of 6 required cells non-empty = 0.8333; validity: record 1 has email null
    // against {type: string} → 2/3; uniqueness: record 2 repeats id 2 → 2/3; consistency: every
    // non-empty cell has its field's usual type → 1. Overall (5/6 + 2/3 + 2/3 + 1)/4 = 0.7917 → good.
    const result = await h.callBoth(
      'assess_data_quality',
      wire({
        records: [
          { id: 1, email: 'a@x.com' },
          { id: 2, email: null },
          { id: 2, email: 'b@x.com' },
        ],
        required_fields: ['id', 'email'],
        key_fields: ['id'],
        json_schema: { type: 'object', properties: { email: { type: 'string' } } },
      }),
    );
    expect(result).toMatchObject({
      overall_score: 0.7917,
      quality_level: 'good',
      dimension_scores: { completeness: 0.8333, validity: 0.6667, uniqueness: 0.6667, consistency: 1 },
      issue_count: 3,
      issues_truncated: false,
    });
    expect(result.issues).toEqual([
      { dimension: 'completeness', field: 'email', record_index: 1, message: expect.any(String) },
      { dimension: 'validity', field: 'email', record_index: 1, message: expect.any(String) },
      { dimension: 'uniqueness', field: 'id', record_index: 2, message: expect.any(String) },
    ]);
  });

  it('calculate_completeness_score: weighted fields, strict and lenient emptiness', async () => {
    // strict: a 2/2, b 1/2 ("" is empty), c 1/2 (optional, weight 0.5)
    // → (1·1 + 1·0.5 + 0.5·0.5)/(1 + 1 + 0.5) = 1.75/2.5 = 0.7; required (1 + 0.5)/2 = 0.75.
    const strict = await h.callBoth(
      'calculate_completeness_score',
      wire({
        records: [
          { a: 1, b: '', c: null },
          { a: 2, b: 'x', c: 'y' },
        ],
        required_fields: ['a', 'b'],
        optional_fields: ['c'],
      }),
    );
    expect(strict).toMatchObject({
      score: 0.7,
      required_score: 0.75,
      records_evaluated: 2,
      complete_records: 1,
      missing_required: [{ record_index: 0, fields: ['b'] }],
    });
    // lenient: "" counts as present, null does not → (1 + 1 + 0.5·0)/2.5 = 0.8.
    const lenient = await h.callBoth(
      'calculate_completeness_score',
      wire({ record: { a: 1, b: '', c: null }, required_fields: ['a', 'b'], optional_fields: ['c'], empty_value_handling: 'lenient' }),
    );
    expect(lenient).toMatchObject({ score: 0.8, required_score: 1, records_evaluated: 1, complete_records: 1, missing_required: [] });
  });

  it('validate_schema_compliance: JSON Schema 2020-12 errors by record', async () => {
    const result = await h.callBoth(
      'validate_schema_compliance',
      wire({
        data: [{ age: 5 }, { age: -1 }, {}],
        schema: { type: 'object', required: ['age'], properties: { age: { type: 'integer', minimum: 0 } } },
      }),
    );
    // One of three records valid → 0.3333.
    expect(result).toEqual({
      is_valid: false,
      compliance_score: 0.3333,
      records_checked: 3,
      valid_records: 1,
      errors: [
        { record_index: 1, path: '/age', keyword: 'minimum', message: 'must be >= 0' },
        { record_index: 2, path: '/age', keyword: 'required', message: "must have required property 'age'" },
      ],
      warnings: [],
      error_count: 2,
      warning_count: 0,
      schema_errors_truncated: false,
    });
  });

  it('validate_business_rules: violations by level and by rule', async () => {
    const result = await h.callBoth(
      'validate_business_rules',
      wire({
        records: [
          { qty: 5, price: 2 },
          { qty: 0, price: 3 },
        ],
        rules: [
          { id: 'qty_pos', expression: 'qty > 0', level: 'error', message: 'qty must be positive' },
          { id: 'cheap', expression: 'price < 3', level: 'warning' },
        ],
      }),
    );
    expect(result).toMatchObject({
      valid: false,
      results: [
        { record_index: 0, passed: true, violations: [] },
        {
          record_index: 1,
          passed: false,
          violations: [
            { rule_id: 'qty_pos', level: 'error', message: 'qty must be positive' },
            { rule_id: 'cheap', level: 'warning' },
          ],
        },
      ],
      summary: {
        records: 2,
        rules: 2,
        passed_records: 1,
        violations: { error: 1, warning: 1, info: 0 },
        by_rule: [
          { rule_id: 'qty_pos', violations: 1 },
          { rule_id: 'cheap', violations: 1 },
        ],
      },
    });
  });

  it('verify_data_integrity: canonical-JSON sha256, duplicate keys, references, row count', async () => {
    const records = [
      { id: 1, country: 'US' },
      { id: 2, country: 'FR' },
      { id: 2, country: 'DE' },
    ];
    // RFC 8785 canonical form, written out by hand: keys sorted, no whitespace.
    const canonical = '[{"country":"US","id":1},{"country":"FR","id":2},{"country":"DE","id":2}]';
    const checksum = createHash('sha256').update(canonical).digest('hex');
    const result = await h.callBoth<{
      intact: boolean;
      checksum: string;
      record_count: number;
      results: { check: string; passed: boolean; details: Record<string, unknown> }[];
    }>(
      'verify_data_integrity',
      wire({
        records,
        checks: {
          checksum: { baseline: checksum },
          duplicate_keys: { key_fields: ['id'] },
          referential_integrity: [{ field: 'country', reference_set: ['US', 'DE'] }],
          row_count: { baseline: 3 },
        },
      }),
    );
    expect(result.checksum).toBe(checksum);
    expect(result.record_count).toBe(3);
    expect(result.intact).toBe(false);
    expect(Object.fromEntries(result.results.map((r) => [r.check, r.passed]))).toEqual({
      checksum: true,
      duplicate_keys: false,
      'referential_integrity:country': false,
      row_count: true,
    });
    const details = Object.fromEntries(result.results.map((r) => [r.check, r.details]));
    expect(details.duplicate_keys).toMatchObject({ duplicates: [{ key: [2], record_indices: [1, 2] }] });
    expect(details['referential_integrity:country']).toMatchObject({ orphan_count: 1, orphans: [{ record_index: 1, value: 'FR' }] });
    // The same records with matching references and no duplicate check are intact.
    const intact = await h.callBoth(
      'verify_data_integrity',
      wire({ records, checks: { checksum: { baseline: checksum }, row_count: { baseline: 2, tolerance: 0.5 } } }),
    );
    expect(intact).toMatchObject({ intact: true, checksum });
  });

  it('assess_standardization_quality: regressions, change rate, schema conformance', async () => {
    // Non-empty original cells: 5. Regressions: record 0 "code" emptied, record 1 "city" lost → rate 2/5.
    // Fields in both: name, city, code (record 0), name (record 1) = 4; changed: 3 → 0.75.
    // Target schema requires name and city: record 1 fails → conformance 1/2.
    // Score = mean(1 − 0.4, 0.5) = 0.55.
    const result = await h.callBoth(
      'assess_standardization_quality',
      wire({
        original: [
          { name: ' acme ', city: 'berlin', code: 'x' },
          { name: 'b', city: 'paris' },
        ],
        standardized: [{ name: 'Acme', city: 'Berlin', code: '' }, { name: 'b' }],
        target_schema: { type: 'object', required: ['name', 'city'] },
      }),
    );
    expect(result).toMatchObject({
      score: 0.55,
      schema_conformance: 0.5,
      change_rate: 0.75,
      regression_rate: 0.4,
      regressions: [
        { record_index: 0, field: 'code', kind: 'emptied' },
        { record_index: 1, field: 'city', kind: 'lost' },
      ],
      regression_count: 2,
      records_compared: 2,
      fields_compared: 4,
      fields_changed: 3,
    });
    expect(result.schema_errors).toEqual([{ record_index: 1, path: expect.any(String), keyword: 'required', message: expect.any(String) }]);
  });

  it('run_standardization_workflow: four stages with progress, readable as a resource from the other era', async () => {
    // Quality gate: fields location_id, name, country, state, city over 2 records: 8 of 10 cells
    // filled → completeness 0.8; uniqueness 1; consistency 1 → (0.8 + 1 + 1)/3 = 0.9333 ≥ 0.5.
    // Standardized confidences 1 and 0.95 → average 0.975 ≥ 0.7; success rate 1 ≥ 0.9.
    const runs: Record<string, unknown>[] = [];
    for (const era of ERAS) {
      const progress: number[] = [];
      const result = await h.callEra<{
        workflow_id: string;
        workflow_successful: boolean;
        failed_at: string | null;
        stages: { stage: string; status: string; details: Record<string, unknown> }[];
        summary: unknown;
        records: Record<string, unknown>[];
      }>(era, 'run_standardization_workflow', wire({ record_type: 'location', records: LOCATIONS.slice(0, 2) }), {
        onprogress: (p) => progress.push(p.progress),
      });
      expect(result).toMatchObject({
        record_type: 'location',
        workflow_successful: true,
        failed_at: null,
        summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 0.975 },
      });
      expect(result.stages.map((s) => [s.stage, s.status])).toEqual([
        ['quality_gate', 'passed'],
        ['standardize', 'passed'],
        ['post_validation', 'passed'],
        ['sla_check', 'passed'],
      ]);
      expect(result.stages[0]!.details).toMatchObject({
        overall_score: 0.9333,
        dimension_scores: { completeness: 0.8, uniqueness: 1, consistency: 1 },
      });
      expect(result.records.map((r) => [r.country, r.confidence])).toEqual([
        ['US', 1],
        ['DE', 0.95],
      ]);
      expect(progress).toEqual([1, 2, 3, 4]);
      // Stored in the shared store: the other era reads the same result as a resource.
      const other = era === 'legacy' ? 'modern' : 'legacy';
      const read = await h.clients[other].readResource(`standardization://workflows/${result.workflow_id}`);
      expect(JSON.parse(read.contents[0]!.text!)).toEqual(result);
      const {
        workflow_id: _id,
        created_at: _c,
        expires_at: _e,
        total_duration_ms: _t,
        stages,
        ...rest
      } = result as typeof result & Record<string, unknown>;
      runs.push({ ...rest, stages: stages.map((s) => [s.stage, s.status]) });
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('a misplaced option is refused, naming where it belongs, instead of silently ignored', async () => {
    for (const era of ERAS) {
      const result = await h.clients[era].callTool('standardize_values', {
        kind: 'date',
        values: ['03/04/2024'],
        input_formats: ['dd/MM/yyyy'],
      });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([
        {
          type: 'text',
          text: 'Invalid arguments for tool standardize_values: unknown argument input_formats; did you mean options.input_formats? Accepted arguments: kind, values, options.',
        },
      ]);
    }
  });

  it('records, schemas and payloads are JSON text: a list as data, and text that is not JSON refused by field', async () => {
    // The exact wire form (no wire() helper): a list of two records, one without the required id.
    const list = await h.callBoth<{ is_valid: boolean; valid_records: number }>('validate_schema_compliance', {
      data: '[{"id":1},{"name":"x"}]',
      schema: '{"type":"object","required":["id"]}',
    });
    expect(list).toMatchObject({ is_valid: false, valid_records: 1 });
    for (const era of ERAS) {
      const bad = await h.clients[era].callTool('calculate_completeness_score', { records: ['{"a":1}', '{"a":'], required_fields: ['a'] });
      expect(bad.content).toEqual([
        {
          type: 'text',
          text: 'Invalid arguments for tool calculate_completeness_score: records.1: must be JSON text (it does not parse as JSON)',
        },
      ]);
    }
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
