/**
 * Recursive-descent parser for propositional formulas.
 *
 * Grammar (loosest first; `*` repeats, `?` optional):
 *
 *     iff     := implies ( ('<->' | 'iff') implies )*        left-associative
 *     implies := or ( ('->' | 'implies') implies )?          right-associative
 *     or      := xor ( ('|' | 'or') xor )*                   n-ary
 *     xor     := and ( ('^' | 'xor') and )*                  n-ary
 *     and     := unary ( ('&' | 'and') unary )*              n-ary
 *     unary   := ('!' | 'not') unary | primary
 *     primary := variable | 'true' | 'false' | '(' iff ')'
 *
 * Variables match `[A-Za-z_][A-Za-z0-9_]*`; the words and, or, not, xor, implies, iff, true and
 * false are reserved in any letter case. Aliases: `~` for `!`, `&&`, `||`, `=>`, `<=>`.
 * Errors carry the 1-based column of the offending token.
 */
import type { BinaryKind, Formula, NaryKind } from './ast.js';

/** Deepest nesting accepted (parentheses, negations and operator chains that nest). */
export const MAX_FORMULA_DEPTH = 256;

/** A syntax error with the 1-based column of the offending token. */
export class FormulaSyntaxError extends Error {
  override readonly name = 'FormulaSyntaxError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

type TokenType = 'ident' | 'true' | 'false' | 'not' | 'and' | 'or' | 'xor' | 'implies' | 'iff' | 'lparen' | 'rparen' | 'end';
interface Token {
  type: TokenType;
  text: string;
  column: number;
}

const KEYWORDS: Record<string, TokenType> = {
  true: 'true',
  false: 'false',
  not: 'not',
  and: 'and',
  or: 'or',
  xor: 'xor',
  implies: 'implies',
  iff: 'iff',
};
// Longest first, so `<->` wins over `<=`-less prefixes and `&&` over `&`.
const SYMBOLS: [string, TokenType][] = [
  ['<->', 'iff'],
  ['<=>', 'iff'],
  ['->', 'implies'],
  ['=>', 'implies'],
  ['&&', 'and'],
  ['||', 'or'],
  ['&', 'and'],
  ['|', 'or'],
  ['^', 'xor'],
  ['!', 'not'],
  ['~', 'not'],
  ['(', 'lparen'],
  [')', 'rparen'],
];
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      const text = ident[0];
      tokens.push({ type: KEYWORDS[text.toLowerCase()] ?? 'ident', text, column: i + 1 });
      i += text.length;
      continue;
    }
    const symbol = SYMBOLS.find(([text]) => source.startsWith(text, i));
    if (!symbol) throw new FormulaSyntaxError(`unexpected character '${ch}' at column ${i + 1}`, i + 1);
    tokens.push({ type: symbol[1], text: symbol[0], column: i + 1 });
    i += symbol[0].length;
  }
  tokens.push({ type: 'end', text: 'end of input', column: source.length + 1 });
  return tokens;
}

function describe(token: Token): string {
  return token.type === 'end' ? 'end of input' : `'${token.text}'`;
}

class Parser {
  private index = 0;
  private nesting = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private fail(expected: string): never {
    const token = this.current;
    throw new FormulaSyntaxError(`unexpected ${describe(token)} at column ${token.column} (expected ${expected})`, token.column);
  }

  private enter(token: Token): void {
    if (++this.nesting > MAX_FORMULA_DEPTH) {
      throw new FormulaSyntaxError(`formula nests deeper than ${MAX_FORMULA_DEPTH} levels at column ${token.column}`, token.column);
    }
  }

  parseFormula(): Formula {
    const formula = this.parseIff();
    if (this.current.type !== 'end') this.fail('an operator or end of input');
    return formula;
  }

  private parseIff(): Formula {
    let left = this.parseImplies();
    let chained = 0;
    while (this.current.type === 'iff') {
      const operator = this.current;
      this.index++;
      // A left-associative chain nests to the left: count it like parentheses.
      this.enter(operator);
      chained++;
      left = this.binary('iff', left, this.parseImplies());
    }
    this.nesting -= chained;
    return left;
  }

  private parseImplies(): Formula {
    const left = this.parseNary('or');
    if (this.current.type !== 'implies') return left;
    const operator = this.current;
    this.index++;
    this.enter(operator);
    const right = this.parseImplies();
    this.nesting--;
    return this.binary('implies', left, right);
  }

  private parseNary(kind: NaryKind): Formula {
    const next = (): Formula => (kind === 'or' ? this.parseNary('xor') : kind === 'xor' ? this.parseNary('and') : this.parseUnary());
    const first = next();
    if (this.current.type !== kind) return first;
    const operands = [first];
    while (this.current.type === kind) {
      this.index++;
      operands.push(next());
    }
    return { kind, operands };
  }

  private parseUnary(): Formula {
    const token = this.current;
    if (token.type === 'not') {
      this.index++;
      this.enter(token);
      const operand = this.parseUnary();
      this.nesting--;
      return { kind: 'not', operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Formula {
    const token = this.current;
    switch (token.type) {
      case 'ident':
        this.index++;
        return { kind: 'var', name: token.text };
      case 'true':
      case 'false':
        this.index++;
        return { kind: 'const', value: token.type === 'true' };
      case 'lparen': {
        this.index++;
        this.enter(token);
        const inner = this.parseIff();
        this.nesting--;
        if (this.current.type !== 'rparen') this.fail(`')' to close '(' at column ${token.column}`);
        this.index++;
        return inner;
      }
      default:
        return this.fail("a variable, 'true', 'false', '!' or '('");
    }
  }

  private binary(kind: BinaryKind, left: Formula, right: Formula): Formula {
    return { kind, left, right };
  }
}

/**
 * Parses a formula. Throws FormulaSyntaxError with the column of the offending token.
 *
 * @example parseFormula('A & !B -> C') // implies(and(A, not B), C)
 */
export function parseFormula(source: string): Formula {
  return new Parser(tokenize(source)).parseFormula();
}
