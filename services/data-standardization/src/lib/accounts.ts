/**
 * Chart-of-accounts standardization: cleaned ids and names, account_type mapped to one of the five
 * elements of financial statements (asset, liability, equity, revenue, expense) from synonyms.
 */
import { mapRecords, readHierarchy, RecordScorer, summarise, type RecordOutcome, type Summary } from './records.js';
import type { LooseRecord } from './limits.js';
import { normalizeId, titleCase } from './text.js';

/** The five account types. */
export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Synonyms (after lower-casing and removing punctuation) for each account type. */
export const ACCOUNT_TYPE_SYNONYMS: Readonly<Record<AccountType, readonly string[]>> = {
  asset: [
    'asset',
    'assets',
    'a',
    'current asset',
    'current assets',
    'fixed asset',
    'fixed assets',
    'non current asset',
    'non current assets',
    'noncurrent assets',
    'bank',
    'cash',
    'receivable',
    'receivables',
    'accounts receivable',
    'inventory',
    'prepaid',
    'prepayments',
  ],
  liability: [
    'liability',
    'liabilities',
    'l',
    'current liability',
    'current liabilities',
    'long term liability',
    'long term liabilities',
    'non current liabilities',
    'payable',
    'payables',
    'accounts payable',
    'debt',
    'loan',
    'loans',
    'accrued',
    'accruals',
    'credit card',
  ],
  equity: [
    'equity',
    'e',
    'owners equity',
    'owner equity',
    'shareholders equity',
    'stockholders equity',
    'capital',
    'share capital',
    'retained earnings',
    'net assets',
  ],
  revenue: ['revenue', 'revenues', 'r', 'income', 'sales', 'turnover', 'other income', 'operating revenue', 'operating income'],
  expense: [
    'expense',
    'expenses',
    'x',
    'cost',
    'costs',
    'cogs',
    'cost of goods sold',
    'cost of sales',
    'expenditure',
    'expenditures',
    'overhead',
    'overheads',
    'opex',
    'operating expense',
    'operating expenses',
  ],
};

const SYNONYMS = new Map<string, AccountType>();
for (const type of ACCOUNT_TYPES) for (const word of ACCOUNT_TYPE_SYNONYMS[type]) SYNONYMS.set(word, type);

function key(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Maps a free-text account type to one of ACCOUNT_TYPES, or undefined. */
export function mapAccountType(text: string): AccountType | undefined {
  return SYNONYMS.get(key(text));
}

/** One standardized account. */
export interface StandardizedAccount extends RecordOutcome {
  account_id: string | null;
  account_name: string | null;
  account_type: AccountType | null;
  hierarchy: string[];
  hierarchy_path: string | null;
}

/**
 * Standardizes one account. Confidence starts at 1: missing id −0.2, missing name −0.3, type
 * inferred from the first hierarchy level −0.1, type unknown or absent −0.3, no hierarchy −0.1,
 * a wrong-type level or path −0.05. A record with neither id nor name fails.
 */
export function standardizeAccount(record: LooseRecord, index: number): StandardizedAccount {
  const scorer = new RecordScorer();
  const id = scorer.text(record, 'account_id', 0.2);
  const name = scorer.text(record, 'account_name', 0.3);
  const hierarchy = readHierarchy(record, scorer);
  const rawType = scorer.text(record, 'account_type', 0, false);
  let type: AccountType | undefined;
  if (rawType !== null) {
    type = mapAccountType(rawType);
    if (!type) scorer.note(`unknown account_type "${rawType.slice(0, 100)}"`);
  }
  if (!type && hierarchy[0] !== undefined) {
    type = mapAccountType(hierarchy[0]);
    if (type) scorer.penalise(0.1, `account_type inferred from hierarchy level "${hierarchy[0]}"`);
  }
  if (!type) scorer.penalise(0.3, rawType === null ? 'missing account_type' : 'account_type could not be mapped');
  if (hierarchy.length === 0) scorer.penalise(0.1, 'no hierarchy (l1_category.. or path)');
  const failed = id === null && name === null;
  return {
    index,
    status: failed ? 'failed' : 'standardized',
    account_id: id === null ? null : normalizeId(id),
    account_name: name === null ? null : titleCase(name),
    account_type: type ?? null,
    hierarchy,
    hierarchy_path: hierarchy.length > 0 ? hierarchy.join(' > ') : null,
    confidence: failed ? 0 : scorer.finalConfidence(),
    issues: failed ? [...scorer.issues, 'record has neither account_id nor account_name'] : scorer.issues,
  };
}

/** Standardizes a list of accounts. */
export function standardizeAccounts(
  records: readonly LooseRecord[],
  signal?: AbortSignal,
): { records: StandardizedAccount[]; summary: Summary } {
  const out = mapRecords(records, signal, standardizeAccount);
  return { records: out, summary: summarise(out) };
}
