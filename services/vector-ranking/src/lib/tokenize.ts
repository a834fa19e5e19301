/**
 * The tokenizer BM25 uses: Unicode NFKC, lower case, maximal runs of letters, marks and digits
 * (`[\p{L}\p{M}\p{N}]+`). No stop words and no stemming, so scores are reproducible by hand.
 */
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased tokens of `text`, in order. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}
