import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { Settings } from '../settings.js';
import { createAssessDataQuality } from './assess-data-quality.js';
import { createAssessStandardizationQuality } from './assess-standardization-quality.js';
import { createCalculateCompletenessScore } from './calculate-completeness-score.js';
import { createRunStandardizationWorkflow } from './run-standardization-workflow.js';
import { createDeps } from './shared.js';
import { createStandardizeAccounts } from './standardize-accounts.js';
import { createStandardizeBatch } from './standardize-batch.js';
import { createStandardizeLocations } from './standardize-locations.js';
import { createStandardizeProducts } from './standardize-products.js';
import { createStandardizeValues } from './standardize-values.js';
import { createValidateBusinessRules } from './validate-business-rules.js';
import { createValidateSchemaCompliance } from './validate-schema-compliance.js';
import { createVerifyDataIntegrity } from './verify-data-integrity.js';

/** The twelve data-standardization tools, bound to `settings`. */
export function createTools(settings: Settings): AnyToolDefinition[] {
  const deps = createDeps(settings);
  return [
    createStandardizeAccounts(deps),
    createStandardizeLocations(deps),
    createStandardizeProducts(deps),
    createStandardizeBatch(deps),
    createStandardizeValues(deps),
    createAssessDataQuality(deps),
    createCalculateCompletenessScore(deps),
    createValidateSchemaCompliance(deps),
    createValidateBusinessRules(deps),
    createVerifyDataIntegrity(deps),
    createAssessStandardizationQuality(deps),
    createRunStandardizationWorkflow(deps),
  ] as AnyToolDefinition[];
}
