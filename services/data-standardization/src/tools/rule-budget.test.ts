/** DS_MAX_RULE_EVALUATIONS at its edge, for rules and for custom validators. */
import { describe, expect, it } from '@jest/globals';
import { callHandler, testSettings } from '../../test/context.js';

const settings = testSettings({ DS_MAX_RULE_EVALUATIONS: '6' });
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ amount: i }));
const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, expression: 'amount >= 0', level: 'error' }));
const validators = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `v${i}`, expression: 'amount >= 0' }));

describe('rule evaluations: records × rules', () => {
  it('validate_business_rules: 3 × 2 = 6 runs, 3 × 3 is refused', async () => {
    await expect(callHandler('validate_business_rules', { records: records(3), rules: rules(2) }, { settings })).resolves.toMatchObject({
      valid: true,
    });
    await expect(callHandler('validate_business_rules', { records: records(3), rules: rules(3) }, { settings })).rejects.toThrow(
      'Rule evaluation is 3 records × 3 rules = 9; the limit is DS_MAX_RULE_EVALUATIONS=6: send fewer records or rules',
    );
  });

  it('validate_schema_compliance: custom validators count, a schema alone does not', async () => {
    await expect(
      callHandler(
        'validate_schema_compliance',
        { data: records(2), schema: { type: 'object' }, custom_validators: validators(3) },
        { settings },
      ),
    ).resolves.toMatchObject({ is_valid: true });
    await expect(
      callHandler(
        'validate_schema_compliance',
        { data: records(7), schema: { type: 'object' }, custom_validators: validators(1) },
        { settings },
      ),
    ).rejects.toThrow(
      'Rule evaluation is 7 records × 1 custom_validators = 7; the limit is DS_MAX_RULE_EVALUATIONS=6: send fewer records or custom_validators',
    );
    await expect(
      callHandler('validate_schema_compliance', { data: records(7), schema: { type: 'object' } }, { settings }),
    ).resolves.toMatchObject({ records_checked: 7 });
  });
});
