// Types for the parts of logic-solver 2.0.1 (MiniSat compiled to JS, CommonJS) that we use.
declare module 'logic-solver' {
  namespace Logic {
    /** A variable name, optionally prefixed by `-` for its negation. */
    type Term = string;
    interface Formula {
      readonly type: string;
    }
    interface Solution {
      getMap(): Record<string, boolean>;
      getTrueVars(): string[];
    }
    class Solver {
      require(...formulas: (Formula | Term | (Formula | Term)[])[]): void;
      solve(): Solution | null;
      solveAssuming(formula: Formula | Term): Solution | null;
    }
    function or(...operands: (Formula | Term | (Formula | Term)[])[]): Formula;
    function disablingAssertions<T>(run: () => T): T;
    function and(...operands: (Formula | Term | (Formula | Term)[])[]): Formula;
  }
  export = Logic;
}
