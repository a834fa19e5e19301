/**
 * ISO 3166-1 country resolution from names (in several languages), codes and common aliases.
 * Names come from i18n-iso-countries (maintained, CLDR-derived, many languages, so "Deutschland"
 * and "Allemagne" resolve); continents from countries-list. Unknown input is reported, never guessed.
 */
import { createRequire } from 'node:module';
import type { continents as Continents, countries as Countries } from 'countries-list';
import type isoCountriesModule from 'i18n-iso-countries';

/** Languages whose country names are accepted as input. */
export const COUNTRY_NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'tr'] as const;

/**
 * Common aliases and abbreviations that are not official names in any of the registered
 * languages. Keys are compared after normalisation (lower case, no accents, no punctuation).
 */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  us: 'US',
  america: 'US',
  'united states of america': 'US',
  'the states': 'US',
  uk: 'GB',
  'u k': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  uae: 'AE',
  emirates: 'AE',
  'south korea': 'KR',
  korea: 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'czech republic': 'CZ',
  czechia: 'CZ',
  'ivory coast': 'CI',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  turkey: 'TR',
  turkiye: 'TR',
  vatican: 'VA',
  prc: 'CN',
  'mainland china': 'CN',
  roc: 'TW',
  drc: 'CD',
  'dr congo': 'CD',
  bosnia: 'BA',
  'east timor': 'TL',
  'cape verde': 'CV',
};

/** A resolved country. */
export interface Country {
  alpha2: string;
  alpha3: string;
  name: string;
  /** Continent name from countries-list, e.g. "Europe". */
  region: string | null;
}

/** How a country was matched. */
export type CountryMatch = 'alpha2' | 'alpha3' | 'numeric' | 'name' | 'alias';

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’()]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface CountryTables {
  isoCountries: typeof isoCountriesModule;
  countryData: typeof Countries;
  continents: typeof Continents;
  byName: Map<string, string>;
}
let tables: CountryTables | undefined;

/**
 * The country names of every language and the lookup built from them, loaded by the first country
 * resolved rather than when the service starts (~6 MiB resident; issue #17).
 */
function countryTables(): CountryTables {
  if (tables) return tables;
  const require = createRequire(import.meta.url);
  const isoCountries = require('i18n-iso-countries') as typeof isoCountriesModule;
  const { continents, countries: countryData } = require('countries-list') as {
    continents: typeof Continents;
    countries: typeof Countries;
  };
  for (const lang of COUNTRY_NAME_LANGUAGES) {
    isoCountries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as Parameters<typeof isoCountries.registerLocale>[0]);
  }
  const byName = new Map<string, string>();
  for (const lang of COUNTRY_NAME_LANGUAGES) {
    for (const [alpha2, names] of Object.entries(isoCountries.getNames(lang, { select: 'all' }))) {
      for (const name of names) {
        const key = normalise(name);
        if (key !== '' && !byName.has(key)) byName.set(key, alpha2);
      }
    }
  }
  for (const [alias, alpha2] of Object.entries(COUNTRY_ALIASES)) byName.set(normalise(alias), alpha2);
  return (tables = { isoCountries, countryData, continents, byName });
}

function describe(alpha2: string): Country {
  const { isoCountries, countryData, continents } = countryTables();
  const data = (countryData as Record<string, { continent: string } | undefined>)[alpha2];
  const region = data ? ((continents as Record<string, string | undefined>)[data.continent] ?? null) : null;
  return {
    alpha2,
    alpha3: isoCountries.alpha2ToAlpha3(alpha2) ?? alpha2,
    name: isoCountries.getName(alpha2, 'en', { select: 'official' }) ?? alpha2,
    region,
  };
}

/**
 * Resolves a country from an alpha-2 or alpha-3 code, a numeric code, a name in one of
 * COUNTRY_NAME_LANGUAGES, or an alias from COUNTRY_ALIASES. Returns undefined when unknown.
 *
 * @example resolveCountry('Deutschland') // { country: { alpha2: 'DE', alpha3: 'DEU', name: 'Germany', region: 'Europe' }, match: 'name' }
 */
export function resolveCountry(input: string): { country: Country; match: CountryMatch } | undefined {
  const trimmed = input.trim();
  if (trimmed === '' || trimmed.length > 100) return undefined;
  const { isoCountries, byName } = countryTables();
  // Codes are matched on the raw letters so "U.S.A." is an alias, not a code.
  if (/^[A-Za-z]{2}$/.test(trimmed) && isoCountries.isValid(trimmed.toUpperCase()))
    return { country: describe(trimmed.toUpperCase()), match: 'alpha2' };
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const alpha2 = isoCountries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (alpha2) return { country: describe(alpha2), match: 'alpha3' };
  }
  if (/^\d{3}$/.test(trimmed)) {
    const alpha2 = isoCountries.numericToAlpha2(trimmed);
    if (alpha2) return { country: describe(alpha2), match: 'numeric' };
  }
  const key = normalise(trimmed);
  const alias = COUNTRY_ALIASES[key];
  if (alias) return { country: describe(alias), match: 'alias' };
  const compact = key.replace(/ /g, '');
  const alpha2 = byName.get(key) ?? COUNTRY_ALIASES[compact];
  return alpha2 ? { country: describe(alpha2), match: 'name' } : undefined;
}
