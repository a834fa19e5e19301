import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '@a2a-mcp/core';
import { callHandler, testContext, testSettings } from '../../test/context.js';

const customers = [
  { id: 1, email: 'a@example.com', age: 30, country: 'DE' },
  { id: 2, email: '', age: '41', country: 'FR' },
  { id: 1, email: 'a@example.com', age: 30, country: 'DE' },
  { id: 4, email: 'not-an-email', age: 25 },
];

describe('assess_data_quality', () => {
  it('scores the four dimensions by their definitions', async () => {
    const out = await callHandler('assess_data_quality', {
      records: customers,
      json_schema: {
        type: 'object',
        properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer' } },
        required: ['id'],
      },
    });
    // completeness: 16 cells over id,email,age,country; 2 empty (email '' and country absent) → 14/16
    // validity: records 1 ('' email, '41' age) and 3 (not-an-email) fail → 2/4
    // uniqueness: record 2 repeats record 0 → 3/4
    // consistency: 14 non-empty cells, age '41' is a string among numbers → 13/14
    expect(out.dimension_scores).toEqual({ completeness: 0.875, validity: 0.5, uniqueness: 0.75, consistency: 0.9286 });
    expect(out.overall_score).toBe(0.7634); // (0.875 + 0.5 + 0.75 + 13/14) / 4
    expect(out.quality_level).toBe('good');
    expect(out.issues).toEqual(
      expect.arrayContaining([
        { dimension: 'completeness', field: 'email', record_index: 1, message: 'email is missing or empty' },
        { dimension: 'completeness', field: 'country', record_index: 3, message: 'country is missing or empty' },
        { dimension: 'uniqueness', field: null, record_index: 2, message: 'duplicate of record 0' },
        { dimension: 'consistency', field: 'age', record_index: 1, message: 'age is string; most records have number' },
        { dimension: 'validity', field: 'age', record_index: 1, message: 'type: must be integer' },
      ]),
    );
    // 2 completeness + 3 validity (email '', age '41', 'not-an-email') + 1 uniqueness + 1 consistency
    expect(out.issue_count).toBe(7);
    // Only dimensions below the `good` threshold (0.75) get a recommendation.
    expect(out.recommendations).toEqual(['Fix the values that break the JSON Schema (types, formats, ranges) or correct the schema.']);
  });

  it('leaves validity unmeasured without a schema and honours weights and key fields', async () => {
    const out = await callHandler('assess_data_quality', {
      records: customers,
      dimensions: ['completeness', 'validity', 'uniqueness'],
      weights: { completeness: 3, uniqueness: 1 },
      key_fields: ['email'],
    });
    // uniqueness by email: a@example.com twice → 3/4; overall (3·0.875 + 0.75) / 4
    expect(out.dimension_scores).toEqual({ completeness: 0.875, validity: null, uniqueness: 0.75 });
    expect(out.overall_score).toBe(0.8438);
    expect(out.recommendations).toEqual(['Supply json_schema to measure validity.']);
  });

  it('rejects an invalid JSON Schema as invalid arguments', async () => {
    await expect(callHandler('assess_data_quality', { records: customers, json_schema: { type: 'nonsense' } })).rejects.toThrow(
      /^json_schema is not a valid JSON Schema \(draft 2020-12\)/,
    );
  });
});

describe('calculate_completeness_score', () => {
  it.each([
    [
      'strict, one record',
      {
        record: { name: 'Ann', email: '  ', phone: null, tags: [] },
        required_fields: ['name', 'email'],
        optional_fields: ['phone', 'tags'],
      },
      0.3333,
      0.5,
      [{ record_index: 0, fields: ['email'] }],
    ],
    [
      'lenient counts blanks as present',
      {
        record: { name: 'Ann', email: '  ', phone: null, tags: [] },
        required_fields: ['name', 'email'],
        optional_fields: ['phone', 'tags'],
        empty_value_handling: 'lenient',
      },
      0.8333,
      1,
      [],
    ],
    [
      'weights and dotted paths',
      {
        records: [
          { a: 1, addr: { city: 'X' } },
          { a: null, addr: {} },
        ],
        required_fields: ['a', 'addr.city'],
        field_weights: { a: 3 },
      },
      0.5,
      0.5,
      [{ record_index: 1, fields: ['a', 'addr.city'] }],
    ],
  ])('%s', async (_name, args, score, requiredScore, missing) => {
    const out = await callHandler('calculate_completeness_score', args);
    expect(out).toMatchObject({ score, required_score: requiredScore, missing_required: missing });
  });

  it('reports per-field scores', async () => {
    const out = await callHandler('calculate_completeness_score', {
      records: [{ a: 1, b: 2 }, { a: 1 }, { b: '' }, {}],
      required_fields: ['a'],
      optional_fields: ['b'],
    });
    expect(out.field_scores).toEqual([
      { field: 'a', required: true, weight: 1, score: 0.5, present: 2, missing: 2 },
      { field: 'b', required: false, weight: 0.5, score: 0.25, present: 1, missing: 3 },
    ]);
    expect(out.score).toBe(0.4167); // (1·0.5 + 0.5·0.25) / 1.5
    expect(out.complete_records).toBe(2);
  });

  it('needs exactly one of record / records and at least one field', async () => {
    await expect(callHandler('calculate_completeness_score', { required_fields: ['a'] })).rejects.toThrow(
      'give exactly one of record or records',
    );
    await expect(callHandler('calculate_completeness_score', { record: {} })).rejects.toThrow(
      'name at least one field in required_fields or optional_fields',
    );
  });
});

const orderSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, amount: { type: 'number', minimum: 0 }, email: { type: 'string', format: 'email' } },
  required: ['id', 'amount'],
};

describe('validate_schema_compliance', () => {
  const data = [{ id: 'A1', amount: 10, email: 'x@example.com' }, { id: 'A2', amount: -5, email: 'nope', note: 'rush' }, { amount: '3' }];

  it.each([
    // record 1: minimum + format errors, undeclared "note"; record 2: required id + type of amount
    ['standard', false, 0.3333, 4, 1],
    ['strict', false, 0.3333, 5, 0],
    ['lenient', false, 0.6667, 2, 2],
  ])('%s level', async (level, isValid, score, errors, warnings) => {
    const out = await callHandler('validate_schema_compliance', { data, schema: orderSchema, validation_level: level });
    expect(out).toMatchObject({
      is_valid: isValid,
      compliance_score: score,
      error_count: errors,
      warning_count: warnings,
      records_checked: 3,
    });
  });

  it('lists errors with path, keyword and message', async () => {
    const out = await callHandler('validate_schema_compliance', { data: data[1], schema: orderSchema });
    expect(out.errors).toEqual([
      { record_index: 0, path: '/amount', keyword: 'minimum', message: 'must be >= 0' },
      { record_index: 0, path: '/email', keyword: 'format', message: 'must match format "email"' },
    ]);
    expect(out.warnings).toEqual([
      { record_index: 0, path: '/note', keyword: 'undeclared_property', message: 'property "note" is not declared in the schema' },
    ]);
  });

  it('runs custom validators in the sandbox', async () => {
    const out = await callHandler('validate_schema_compliance', {
      data: [
        { id: 'A1', amount: 10 },
        { id: 'b2', amount: 5000 },
      ],
      schema: orderSchema,
      custom_validators: [
        { name: 'id_upper', expression: 'upper(id) == id', message: 'id must be upper case' },
        { name: 'amount_cap', expression: 'amount <= 1000', level: 'warning' },
      ],
    });
    expect(out.errors).toEqual([{ record_index: 1, path: '', keyword: 'id_upper', message: 'id must be upper case' }]);
    expect(out.warnings).toEqual([{ record_index: 1, path: '', keyword: 'amount_cap', message: 'custom validator amount_cap failed' }]);
    expect(out.compliance_score).toBe(0.5);
  });

  it('rejects a custom validator that does not parse', async () => {
    await expect(
      callHandler('validate_schema_compliance', {
        data: {},
        schema: {},
        custom_validators: [{ name: 'bad', expression: 'constructor.constructor("return process")()' }],
      }),
    ).rejects.toThrow(/^custom_validators "bad" is not a valid expression/);
  });
});

describe('validate_business_rules', () => {
  it('reports violations per record and a summary by level', async () => {
    const out = await callHandler('validate_business_rules', {
      records: [
        { amount: 120, currency: 'EUR', status: 'paid' },
        { amount: -3, currency: 'eur', status: 'open' },
        { currency: 'USD', status: 'void' },
      ],
      rules: [
        { id: 'positive', expression: 'amount > 0', message: 'amount must be positive' },
        { id: 'iso_currency', expression: 'len(currency) == 3 and upper(currency) == currency', level: 'warning' },
        { id: 'known_status', expression: 'status in ("paid", "open")', level: 'info', message: 'unusual status' },
      ],
    });
    expect(out.results).toEqual([
      { record_index: 0, passed: true, violations: [] },
      {
        record_index: 1,
        passed: false,
        violations: [
          { rule_id: 'positive', level: 'error', message: 'amount must be positive' },
          { rule_id: 'iso_currency', level: 'warning', message: 'rule iso_currency violated' },
        ],
      },
      {
        record_index: 2,
        passed: false,
        violations: [
          {
            rule_id: 'positive',
            level: 'error',
            message: 'rule positive could not be evaluated: Expected a number, but got a undefined instead.',
          },
          { rule_id: 'known_status', level: 'info', message: 'unusual status' },
        ],
      },
    ]);
    expect(out.summary).toEqual({
      records: 3,
      rules: 3,
      passed_records: 1,
      violations: { error: 2, warning: 1, info: 1 },
      by_rule: [
        { rule_id: 'positive', violations: 2 },
        { rule_id: 'iso_currency', violations: 1 },
        { rule_id: 'known_status', violations: 1 },
      ],
    });
    expect(out.valid).toBe(false);
  });

  it.each([
    ['constructor.constructor("return process")()', /^rule "escape" is not a valid expression/],
    ['x'.repeat(1001), 'rule "escape" is 1001 characters long; the limit is DS_MAX_EXPRESSION_LENGTH=1000'],
  ])('refuses %s', async (expression, error) => {
    await expect(callHandler('validate_business_rules', { records: [{}], rules: [{ id: 'escape', expression }] })).rejects.toThrow(error);
  });

  it('never lets a rule reach the process or prototypes', async () => {
    const out = await callHandler('validate_business_rules', {
      records: [{ a: 1 }],
      rules: ['process', 'globalThis', 'this', '__proto__', 'constructor', 'toString'].map((expression, i) => ({
        id: `r${i}`,
        expression,
      })),
    });
    const violations = (out.results as { violations: { message: string }[] }[])[0]!.violations.map((v) => v.message);
    expect(violations).toEqual([
      'rule r0 violated',
      'rule r1 violated',
      'rule r2 violated',
      'rule r3 could not be evaluated: access to "__proto__" is not allowed',
      'rule r4 could not be evaluated: access to "constructor" is not allowed',
      'rule r5 violated',
    ]);
  });
});

describe('verify_data_integrity', () => {
  // sha256 of the canonical JSON [{"a":1,"b":"x"}], computed with `printf '%s' '[{"a":1,"b":"x"}]' | sha256sum`
  const CHECKSUM = 'a103829f0f464d4252e13d7b7911f6abd24978a09a93fdd84e37c32cde9345c2';

  it('checksums canonical JSON regardless of key order', async () => {
    const a = await callHandler('verify_data_integrity', { records: [{ a: 1, b: 'x' }] });
    const b = await callHandler('verify_data_integrity', { records: [{ b: 'x', a: 1 }] });
    expect(a.checksum).toBe(b.checksum);
    expect(a.checksum).toBe(CHECKSUM);
    expect(a).toMatchObject({ intact: true, results: [] });
  });

  it('runs every requested check', async () => {
    const out = await callHandler('verify_data_integrity', {
      records: [
        { id: 1, customer: 'C1' },
        { id: 2, customer: 'C9' },
        { id: 1, customer: 'C2' },
        { id: 4, customer: null },
      ],
      checks: {
        checksum: { baseline: CHECKSUM },
        duplicate_keys: { key_fields: ['id'] },
        referential_integrity: [{ field: 'customer', reference_set: ['C1', 'C2'], name: 'customers' }],
        row_count: { baseline: 5, tolerance: 0.2 },
      },
    });
    expect(out.intact).toBe(false);
    expect((out.results as { check: string; passed: boolean }[]).map((r) => [r.check, r.passed])).toEqual([
      ['checksum', false],
      ['duplicate_keys', false],
      ['referential_integrity:customers', false],
      ['row_count', true],
    ]);
    expect((out.results as { details: unknown }[])[1]!.details).toEqual({
      key_fields: ['id'],
      duplicates: [{ key: [1], record_indices: [0, 2] }],
    });
    expect((out.results as { details: unknown }[])[2]!.details).toEqual({
      field: 'customer',
      orphan_count: 1,
      orphans: [{ record_index: 1, value: 'C9' }],
    });
  });
});

describe('values without a canonical JSON form (found by suites/fuzz: they were internal errors)', () => {
  const noCanonicalForm = {
    code: 'invalid_arguments',
    message: 'A value has no canonical JSON form (RFC 8785): a string holds a lone UTF-16 surrogate, or a number is beyond ±1.8e308',
  };

  it('verify_data_integrity with a lone surrogate in a key: invalid_arguments', async () => {
    await expect(callHandler('verify_data_integrity', { records: [{ '\ud800': null }] })).rejects.toMatchObject(noCanonicalForm);
  });

  it('assess_data_quality uniqueness with a lone surrogate in a value, and with 1e400 (Infinity): invalid_arguments', async () => {
    await expect(callHandler('assess_data_quality', { records: [{ name: 'x\udc00' }], dimensions: ['uniqueness'] })).rejects.toMatchObject(
      noCanonicalForm,
    );
    await expect(callHandler('assess_data_quality', { records: ['{"amount":1e400}'], dimensions: ['uniqueness'] })).rejects.toMatchObject(
      noCanonicalForm,
    );
  });

  it('a well-formed surrogate pair is fine', async () => {
    const out = await callHandler('assess_data_quality', { records: [{ name: '😀' }, { name: '😀' }], dimensions: ['uniqueness'] });
    expect(out.dimension_scores).toEqual({ uniqueness: 0.5 });
  });
});

describe('assess_standardization_quality', () => {
  it('finds regressions, change rate and schema conformance', async () => {
    const out = await callHandler('assess_standardization_quality', {
      original: [
        { id: ' a1 ', country: 'Deutschland', phone: '030 1234567' },
        { id: 'b2', country: 'Holland', phone: '555' },
      ],
      standardized: [
        { id: 'A1', country: 'DE', phone: '+49301234567' },
        { id: 'B2', country: 'NL', phone: '' },
      ],
      target_schema: { type: 'object', properties: { phone: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' } } },
    });
    expect(out).toEqual({
      score: 0.6667, // (1 − 1/6 + 1/2) / 2
      schema_conformance: 0.5,
      change_rate: 1,
      regression_rate: 0.1667,
      regressions: [{ record_index: 1, field: 'phone', kind: 'emptied' }],
      regression_count: 1,
      records_compared: 2,
      fields_compared: 6,
      fields_changed: 6,
      schema_errors: [{ record_index: 1, path: '/phone', keyword: 'pattern', message: 'must match pattern "^\\+[1-9]\\d{6,14}$"' }],
    });
  });

  it('counts lost fields and records', async () => {
    const out = await callHandler('assess_standardization_quality', { original: [{ a: 1, b: 2 }, { a: 3 }], standardized: [{ a: 1 }] });
    expect(out).toMatchObject({
      score: 0.3333,
      schema_conformance: null,
      change_rate: 0,
      regression_count: 2,
      regressions: [
        { record_index: 0, field: 'b', kind: 'lost' },
        { record_index: 1, field: null, kind: 'record_lost' },
      ],
    });
  });
});

describe('run_standardization_workflow', () => {
  const records = [
    { location_id: 'L1', name: 'HQ', country: 'Deutschland', city: 'Berlin' },
    { location_id: 'L2', name: 'Depot', country: 'UK', city: 'Leeds' },
  ];

  it('runs four stages, reports progress and stores the result', async () => {
    const store = new MemoryStore();
    const ctx = testContext(store);
    const out = await callHandler('run_standardization_workflow', { record_type: 'location', records }, { ctx });
    expect(out).toMatchObject({
      record_type: 'location',
      workflow_successful: true,
      failed_at: null,
      summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 1 },
    });
    expect((out.stages as { stage: string; status: string }[]).map((s) => [s.stage, s.status])).toEqual([
      ['quality_gate', 'passed'],
      ['standardize', 'passed'],
      ['post_validation', 'passed'],
      ['sla_check', 'passed'],
    ]);
    expect(ctx.progressCalls.map(([p, t]) => [p, t])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(ctx.progressCalls[0]![2]).toBe('quality_gate passed: overall quality 1 ≥ 0.5');
    const stored = await store.get(`standardization:workflow:${String(out.workflow_id)}`);
    expect(JSON.parse(stored!)).toEqual(out);
    const ttl = await store.ttl(`standardization:workflow:${String(out.workflow_id)}`);
    expect(ttl).toBeGreaterThan(86_000_000);
  });

  it('stops at a failed gate and skips the rest', async () => {
    const ctx = testContext();
    const out = await callHandler(
      'run_standardization_workflow',
      { record_type: 'location', records: [{ country: 'Atlantis' }, { country: 'Atlantis' }], quality_gate: { min_score: 0.9 } },
      { ctx },
    );
    expect(out).toMatchObject({ workflow_successful: false, failed_at: 'quality_gate', summary: null, records: [] });
    expect((out.stages as { status: string }[]).map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
    expect(ctx.progressCalls.map(([p]) => p)).toEqual([1, 2, 3, 4]);
  });

  it('fails post-validation when records cannot be standardized', async () => {
    const out = await callHandler('run_standardization_workflow', {
      record_type: 'account',
      records: [{ account_type: 'asset' }, { account_id: '1', account_name: 'Cash', account_type: 'asset', l1_category: 'Assets' }],
      quality_gate: { min_score: 0 },
    });
    expect(out).toMatchObject({ workflow_successful: false, failed_at: 'post_validation' });
  });

  it('respects DS_WORKFLOW_TTL_MS', async () => {
    const store = new MemoryStore();
    const out = await callHandler(
      'run_standardization_workflow',
      { record_type: 'location', records },
      { ctx: testContext(store), settings: testSettings({ DS_WORKFLOW_TTL_MS: '60000' }) },
    );
    const ttl = await store.ttl(`standardization:workflow:${String(out.workflow_id)}`);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
