/** Location standardization: countries to ISO 3166-1, region from the country, casing fixed. */
import { resolveCountry } from './countries.js';
import type { LooseRecord } from './limits.js';
import { mapRecords, RecordScorer, summarise, type RecordOutcome, type Summary } from './records.js';
import { normalizeId, titleCase } from './text.js';

/** One standardized location. */
export interface StandardizedLocation extends RecordOutcome {
  location_id: string | null;
  name: string | null;
  city: string | null;
  state: string | null;
  /** ISO 3166-1 alpha-2, or null when missing or unknown. */
  country: string | null;
  country_alpha3: string | null;
  country_name: string | null;
  region: string | null;
}

/**
 * Standardizes one location. Confidence starts at 1: missing id −0.2, missing name −0.1, missing
 * country −0.3, unknown country −0.4 (reported, never guessed), missing city −0.05. Region is
 * filled from the country's continent when absent. A record with neither id nor name fails.
 */
export function standardizeLocation(record: LooseRecord, index: number): StandardizedLocation {
  const scorer = new RecordScorer();
  const id = scorer.text(record, 'location_id', 0.2);
  const name = scorer.text(record, 'name', 0.1);
  const city = scorer.text(record, 'city', 0.05);
  const state = scorer.text(record, 'state', 0, false);
  const region = scorer.text(record, 'region', 0, false);
  const rawCountry = scorer.text(record, 'country', 0.3);
  const found = rawCountry === null ? undefined : resolveCountry(rawCountry);
  if (rawCountry !== null && !found) scorer.penalise(0.4, `unknown country "${rawCountry.slice(0, 100)}"`);
  let finalRegion = region === null ? null : titleCase(region);
  if (finalRegion === null && found?.country.region) {
    finalRegion = found.country.region;
    scorer.note(`region filled from country (${found.country.region})`);
  }
  const failed = id === null && name === null;
  return {
    index,
    status: failed ? 'failed' : 'standardized',
    location_id: id === null ? null : normalizeId(id),
    name: name === null ? null : titleCase(name),
    city: city === null ? null : titleCase(city),
    state: state === null ? null : /^[A-Za-z]{2,3}$/.test(state) ? state.toUpperCase() : titleCase(state),
    country: found?.country.alpha2 ?? null,
    country_alpha3: found?.country.alpha3 ?? null,
    country_name: found?.country.name ?? null,
    region: finalRegion,
    confidence: failed ? 0 : scorer.finalConfidence(),
    issues: failed ? [...scorer.issues, 'record has neither location_id nor name'] : scorer.issues,
  };
}

/** Standardizes a list of locations. */
export function standardizeLocations(
  records: readonly LooseRecord[],
  signal?: AbortSignal,
): { records: StandardizedLocation[]; summary: Summary } {
  const out = mapRecords(records, signal, standardizeLocation);
  return { records: out, summary: summarise(out) };
}
