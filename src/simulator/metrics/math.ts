/**
 * Metric math, the basics: numbers, query ids, `+ - * / ^`, comparisons (`< <= > >= == !=`),
 * `AND`/`OR`/`NOT`, `IF(cond, a, b)`, `ABS`, `CEIL`, `FLOOR`, `DIFF`, `RATE`, `FILL(x, value | REPEAT)`,
 * `SUM`/`AVG`/`MIN`/`MAX`/`STDDEV` (of a series: one number; of an array of series: a series) and
 * `METRICS()`. Series are values by timestamp; a binary operation between two series keeps the
 * timestamps both have, as CloudWatch does. Anything else is refused with the function's name.
 */

/** A time series: timestamps ascending, one value each. */
export interface Series {
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

export type MathValue = number | Series | Series[];

export class MathError extends Error {}

type Node =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'id'; readonly name: string }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'unary'; readonly op: string; readonly arg: Node }
  | { readonly t: 'bin'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly t: 'call'; readonly fn: string; readonly args: Node[] }
  | { readonly t: 'array'; readonly items: Node[] };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(<=|>=|==|!=|[-+*/^(),<>[\]]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new MathError(`Unexpected character '${text.slice(pos).trim()[0]}' in expression ${text}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

const PRECEDENCE: Readonly<Record<string, number>> = {
  'OR': 1, 'AND': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '^': 8,
};

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[], private readonly text: string) {}

  public parse(): Node {
    const node = this.expression(0);
    if (this.i < this.tokens.length) throw new MathError(`Unexpected '${this.tokens[this.i]}' in expression ${this.text}`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private expect(token: string): void {
    if (this.tokens[this.i] !== token) throw new MathError(`Expected '${token}' in expression ${this.text}`);
    this.i++;
  }

  private expression(minPrecedence: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const key = op?.toUpperCase();
      const precedence = key === undefined ? undefined : PRECEDENCE[key];
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.i++;
      // `^` binds right to left; the others left to right.
      const right = this.expression(key === '^' ? precedence : precedence + 1);
      left = { t: 'bin', op: key!, left, right };
    }
  }

  private unary(): Node {
    const token = this.peek();
    if (token === '-' || token?.toUpperCase() === 'NOT') {
      this.i++;
      return { t: 'unary', op: token.toUpperCase(), arg: this.expression(7) };
    }
    return this.primary();
  }

  /** Comma-separated expressions up to the closing token. */
  private list(close: string): Node[] {
    const items: Node[] = [];
    if (this.peek() !== close) {
      items.push(this.expression(0));
      while (this.peek() === ',') {
        this.i++;
        items.push(this.expression(0));
      }
    }
    this.expect(close);
    return items;
  }

  private primary(): Node {
    const token = this.tokens[this.i++];
    if (token === undefined) throw new MathError(`Unexpected end of expression ${this.text}`);
    if (token === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (token === '[') {
      const items = this.list(']');
      return { t: 'array', items };
    }
    if (/^\d/.test(token)) return { t: 'num', v: Number(token) };
    if (token.startsWith('"') || token.startsWith("'")) return { t: 'str', v: token.slice(1, -1) };
    if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() === '(') {
        this.i++;
        return { t: 'call', fn: token.toUpperCase(), args: this.list(')') };
      }
      return { t: 'id', name: token };
    }
    throw new MathError(`Unexpected '${token}' in expression ${this.text}`);
  }
}

/** What an expression can refer to. */
export interface MathContext {
  /** The timestamps of the query's periods (for FILL). */
  readonly grid: readonly number[];
  /** Period in seconds (for RATE). */
  readonly periodSeconds: number;
  /** The series of a query id (undefined: no such id). */
  series(id: string): Series | undefined;
  /** Every metric (not expression) series, with labels, for METRICS(). */
  metrics(): { readonly label: string; readonly series: Series }[];
}

/** Ids an expression refers to. */
export function referencedIds(expression: string): string[] {
  const ids = new Set<string>();
  const walk = (n: Node): void => {
    if (n.t === 'id') {ids.add(n.name);} else if (n.t === 'unary') {walk(n.arg);} else if (n.t === 'bin') { walk(n.left); walk(n.right); } else if (n.t === 'call') {n.args.forEach(walk);} else if (n.t === 'array') {n.items.forEach(walk);}
  };
  walk(new Parser(tokenize(expression), expression).parse());
  return [...ids];
}

export function evaluateExpression(expression: string, context: MathContext): MathValue {
  const node = new Parser(tokenize(expression), expression).parse();
  return evaluate(node, context);
}

function evaluate(node: Node, ctx: MathContext): MathValue {
  switch (node.t) {
    case 'num': return node.v;
    case 'str': throw new MathError(`A string is not a value: "${node.v}"`);
    case 'id': {
      const series = ctx.series(node.name);
      if (!series) throw new MathError(`Unknown query id ${node.name}`);
      return series;
    }
    case 'array': return node.items.map((item) => asSeries(evaluate(item, ctx), 'an array element'));
    case 'unary': {
      const arg = evaluate(node.arg, ctx);
      return node.op === '-' ? map1(arg, (v) => -v) : map1(arg, (v) => (v === 0 ? 1 : 0));
    }
    case 'bin': return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'call': return call(node, ctx);
  }
}

function asSeries(value: MathValue, where: string): Series {
  if (typeof value === 'number' || Array.isArray(value)) throw new MathError(`Expected a time series as ${where}`);
  return value;
}

function map1(value: MathValue, fn: (v: number) => number): MathValue {
  if (typeof value === 'number') return fn(value);
  if (Array.isArray(value)) return value.map((s) => ({ timestamps: s.timestamps, values: s.values.map(fn) }));
  return { timestamps: value.timestamps, values: value.values.map(fn) };
}

const OPS: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': (a, b) => a ** b,
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  'AND': (a, b) => Number(a !== 0 && b !== 0),
  'OR': (a, b) => Number(a !== 0 || b !== 0),
};

function binary(op: string, left: MathValue, right: MathValue): MathValue {
  const fn = OPS[op];
  if (Array.isArray(left)) return left.map((s) => binary(op, s, right) as Series);
  if (Array.isArray(right)) return right.map((s) => binary(op, left, s) as Series);
  if (typeof left === 'number' && typeof right === 'number') return fn(left, right);
  if (typeof left === 'number') return clean(map1(right, (v) => fn(left, v)) as Series);
  if (typeof right === 'number') return clean(map1(left, (v) => fn(v, right)) as Series);
  const byTime = new Map<number, number>();
  left.timestamps.forEach((t, i) => byTime.set(t, left.values[i]));
  const timestamps: number[] = [];
  const values: number[] = [];
  right.timestamps.forEach((t, i) => {
    const l = byTime.get(t);
    if (l !== undefined) {
      timestamps.push(t);
      values.push(fn(l, right.values[i]));
    }
  });
  return clean({ timestamps, values });
}

/** Division by zero and the like leave no value at that timestamp. */
function clean(series: Series): Series {
  const timestamps: number[] = [];
  const values: number[] = [];
  series.values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      timestamps.push(series.timestamps[i]);
      values.push(v);
    }
  });
  return { timestamps, values };
}

const REDUCERS: Readonly<Record<string, (values: number[]) => number>> = {
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
  STDDEV: (v) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  },
};

function call(node: { fn: string; args: Node[] }, ctx: MathContext): MathValue {
  const arity = (n: number) => {
    if (node.args.length !== n) throw new MathError(`${node.fn} takes ${n} argument(s), got ${node.args.length}`);
  };
  const reducer = REDUCERS[node.fn];
  if (reducer) {
    arity(1);
    const arg = evaluate(node.args[0], ctx);
    if (typeof arg === 'number') return arg;
    if (!Array.isArray(arg)) return arg.values.length === 0 ? NaN : reducer([...arg.values]);
    const byTime = new Map<number, number[]>();
    for (const s of arg) s.timestamps.forEach((t, i) => { const list = byTime.get(t) ?? []; list.push(s.values[i]); byTime.set(t, list); });
    const timestamps = [...byTime.keys()].sort((a, b) => a - b);
    return { timestamps, values: timestamps.map((t) => reducer(byTime.get(t)!)) };
  }
  switch (node.fn) {
    case 'ABS': arity(1); return map1(evaluate(node.args[0], ctx), Math.abs);
    case 'CEIL': arity(1); return map1(evaluate(node.args[0], ctx), Math.ceil);
    case 'FLOOR': arity(1); return map1(evaluate(node.args[0], ctx), Math.floor);
    case 'METRICS': {
      const filter = node.args[0]?.t === 'str' ? node.args[0].v : undefined;
      return ctx.metrics().filter((m) => filter === undefined || m.label.includes(filter)).map((m) => m.series);
    }
    case 'IF': {
      if (node.args.length !== 2 && node.args.length !== 3) throw new MathError(`IF takes 2 or 3 arguments, got ${node.args.length}`);
      const cond = evaluate(node.args[0], ctx);
      const then = evaluate(node.args[1], ctx);
      const otherwise = node.args[2] ? evaluate(node.args[2], ctx) : undefined;
      return conditional(cond, then, otherwise);
    }
    case 'DIFF':
    case 'RATE': {
      arity(1);
      const s = asSeries(evaluate(node.args[0], ctx), `the argument of ${node.fn}`);
      const timestamps = s.timestamps.slice(1);
      const values = timestamps.map((t, i) => {
        const diff = s.values[i + 1] - s.values[i];
        return node.fn === 'DIFF' ? diff : diff / ((t - s.timestamps[i]) / 1000);
      });
      return { timestamps, values };
    }
    case 'FILL': {
      arity(2);
      const s = asSeries(evaluate(node.args[0], ctx), 'the first argument of FILL');
      const with_ = node.args[1];
      const repeat = with_.t === 'id' && with_.name.toUpperCase() === 'REPEAT';
      const constant = repeat ? undefined : evaluate(with_, ctx);
      if (!repeat && typeof constant !== 'number') throw new MathError('FILL takes a number or REPEAT as its second argument');
      const known = new Map<number, number>();
      s.timestamps.forEach((t, i) => known.set(t, s.values[i]));
      let last: number | undefined;
      const timestamps: number[] = [];
      const values: number[] = [];
      for (const t of ctx.grid) {
        const v = known.get(t) ?? (repeat ? last : (constant as number));
        if (known.has(t)) last = known.get(t);
        if (v !== undefined) {
          timestamps.push(t);
          values.push(v);
        }
      }
      return { timestamps, values };
    }
    default:
      throw new MathError(`Unsupported function ${node.fn} (the simulator's metric math has +, -, *, /, ^, comparisons, AND, OR, NOT, IF, ABS, CEIL, FLOOR, DIFF, RATE, FILL, SUM, AVG, MIN, MAX, STDDEV and METRICS)`);
  }
}

function conditional(cond: MathValue, then: MathValue, otherwise: MathValue | undefined): MathValue {
  if (Array.isArray(cond) || Array.isArray(then) || Array.isArray(otherwise)) throw new MathError('IF does not take arrays of time series');
  const pick = (c: number, a: number | undefined, b: number | undefined) => (c !== 0 ? a : b);
  if (typeof cond === 'number') return pick(cond, valueAt(then), valueAt(otherwise)) ?? NaN;
  const timestamps: number[] = [];
  const values: number[] = [];
  cond.timestamps.forEach((t, i) => {
    const v = pick(cond.values[i], valueAt(then, t), valueAt(otherwise, t));
    if (v !== undefined && Number.isFinite(v)) {
      timestamps.push(t);
      values.push(v);
    }
  });
  return { timestamps, values };
}

function valueAt(value: number | Series | undefined, t?: number): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const i = t === undefined ? -1 : value.timestamps.indexOf(t);
  return i < 0 ? undefined : value.values[i];
}
