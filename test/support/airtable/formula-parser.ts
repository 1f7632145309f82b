import { err, ok, type Result } from "neverthrow";
import { type Operator, type Token, tokenize } from "./formula-lexer.js";

/** A parsed formula expression. */
export type FormulaNode =
  | { readonly type: "field"; readonly name: string }
  | { readonly type: "literal"; readonly value: string | number }
  | {
      readonly type: "binary";
      readonly op: Operator;
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    }
  | { readonly type: "negate"; readonly operand: FormulaNode }
  | { readonly type: "call"; readonly name: FunctionName; readonly args: readonly FormulaNode[] };

/** Why a formula was refused: a syntax error or something outside the supported subset. */
export interface FormulaError {
  readonly type: "lex" | "syntax" | "unsupported";
  readonly message: string;
  readonly pos: number;
}

// name -> [min args, max args]; everything else (FIND, SEARCH, REGEX_MATCH, ...) is refused so
// the store cannot come to depend on a function this server would evaluate differently.
const FUNCTIONS = {
  AND: [1, Number.POSITIVE_INFINITY],
  OR: [1, Number.POSITIVE_INFINITY],
  NOT: [1, 1],
  IF: [2, 3],
  BLANK: [0, 0],
  TRUE: [0, 0],
  FALSE: [0, 0],
  RECORD_ID: [0, 0],
  CREATED_TIME: [0, 0],
  LEN: [1, 1],
  LOWER: [1, 1],
  UPPER: [1, 1],
  TRIM: [1, 1],
  DATETIME_PARSE: [1, 1],
  IS_BEFORE: [2, 2],
  IS_AFTER: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;

/** The functions the local server evaluates. */
export type FunctionName = keyof typeof FUNCTIONS;

const COMPARISONS: ReadonlySet<Operator> = new Set(["=", "!=", "<", ">", "<=", ">="]);

class Failure {
  constructor(readonly error: FormulaError) {}
}

const fail = (type: FormulaError["type"], message: string, pos: number): never => {
  throw new Failure({ type, message, pos });
};

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== "eof") this.i++;
    return t;
  }

  private isOp(ops: ReadonlySet<Operator> | Operator): Operator | undefined {
    const t = this.peek();
    if (t.type !== "op") return undefined;
    const match = typeof ops === "string" ? t.op === ops : ops.has(t.op);
    return match ? t.op : undefined;
  }

  parseAll(): FormulaNode {
    const node = this.comparison();
    const t = this.peek();
    if (t.type !== "eof") fail("syntax", `Unexpected token at ${t.pos}`, t.pos);
    return node;
  }

  private binaryLevel(ops: ReadonlySet<Operator>, inner: () => FormulaNode): FormulaNode {
    let left = inner();
    for (let op = this.isOp(ops); op !== undefined; op = this.isOp(ops)) {
      this.next();
      left = { type: "binary", op, left, right: inner() };
    }
    return left;
  }

  private comparison(): FormulaNode {
    return this.binaryLevel(COMPARISONS, () => this.concat());
  }

  private concat(): FormulaNode {
    return this.binaryLevel(new Set(["&"]), () => this.additive());
  }

  private additive(): FormulaNode {
    return this.binaryLevel(new Set(["+", "-"]), () => this.multiplicative());
  }

  private multiplicative(): FormulaNode {
    return this.binaryLevel(new Set(["*", "/"]), () => this.unary());
  }

  private unary(): FormulaNode {
    if (this.isOp("-")) {
      this.next();
      return { type: "negate", operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const t = this.next();
    switch (t.type) {
      case "number":
        return { type: "literal", value: t.value };
      case "string":
        return { type: "literal", value: t.value };
      case "field":
        return { type: "field", name: t.name };
      case "lparen": {
        const inner = this.comparison();
        if (this.next().type !== "rparen") fail("syntax", "Missing closing parenthesis", t.pos);
        return inner;
      }
      case "ident":
        return this.peek().type === "lparen"
          ? this.call(t.name, t.pos)
          : { type: "field", name: t.name };
      default:
        return fail("syntax", `Unexpected ${t.type} at ${t.pos}`, t.pos);
    }
  }

  private call(rawName: string, pos: number): FormulaNode {
    const name = rawName.toUpperCase();
    const arity = (FUNCTIONS as Record<string, readonly [number, number]>)[name];
    if (arity === undefined) fail("unsupported", `Unknown function ${rawName}`, pos);
    this.next();
    const args: FormulaNode[] = [];
    if (this.peek().type !== "rparen") {
      args.push(this.comparison());
      while (this.peek().type === "comma") {
        this.next();
        args.push(this.comparison());
      }
    }
    if (this.next().type !== "rparen") fail("syntax", `Missing ) after ${rawName}(`, pos);
    const [min, max] = arity as readonly [number, number];
    if (args.length < min || args.length > max)
      fail("syntax", `${name} takes ${min === max ? min : `${min} to ${max}`} arguments`, pos);
    return { type: "call", name: name as FunctionName, args };
  }
}

/**
 * Parses a filterByFormula expression of the supported subset.
 * @param src the formula text
 * @returns the expression tree, or why it was refused
 */
export const parseFormula = (src: string): Result<FormulaNode, FormulaError> => {
  if (typeof src !== "string")
    return err({ type: "syntax", message: "Formula is not text", pos: 0 });
  const tokens = tokenize(src);
  if (tokens.isErr()) return err(tokens.error);
  try {
    return ok(new Parser(tokens.value).parseAll());
  } catch (e) {
    if (e instanceof Failure) return err(e.error);
    throw e;
  }
};

/** Every field name an expression refers to, for the unknown-field check. */
export const fieldRefs = (node: FormulaNode): string[] => {
  switch (node.type) {
    case "field":
      return [node.name];
    case "literal":
      return [];
    case "binary":
      return [...fieldRefs(node.left), ...fieldRefs(node.right)];
    case "negate":
      return fieldRefs(node.operand);
    case "call":
      return node.args.flatMap(fieldRefs);
  }
};
