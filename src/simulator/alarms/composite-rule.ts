/**
 * Composite alarm rules: `ALARM(x)`, `OK(x)`, `INSUFFICIENT_DATA(x)` (x an alarm name or ARN,
 * quoted or not), `TRUE`, `FALSE`, `AND`, `OR`, `NOT` and parentheses, as CloudWatch reads them.
 */
import type { AlarmStateValue } from './definition';

type Rule =
  | { readonly t: 'state'; readonly state: AlarmStateValue; readonly alarm: string }
  | { readonly t: 'const'; readonly value: boolean }
  | { readonly t: 'not'; readonly arg: Rule }
  | { readonly t: 'and' | 'or'; readonly left: Rule; readonly right: Rule };

export class RuleError extends Error {}

const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()]+)/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length && text.slice(pos).trim() !== '') {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new RuleError(`Error in alarm rule at position ${pos}: ${text}`);
    out.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Parses a rule once; evaluate it with `evaluateRule`. */
export function parseRule(text: string): Rule {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i]?.toUpperCase();
  const or = (): Rule => {
    let left = and();
    while (peek() === 'OR') { i++; left = { t: 'or', left, right: and() }; }
    return left;
  };
  const and = (): Rule => {
    let left = factor();
    while (peek() === 'AND') { i++; left = { t: 'and', left, right: factor() }; }
    return left;
  };
  const factor = (): Rule => {
    const token = tokens[i++];
    if (token === undefined) throw new RuleError(`Unexpected end of alarm rule: ${text}`);
    const upper = token.toUpperCase();
    if (upper === 'NOT') return { t: 'not', arg: factor() };
    if (upper === 'TRUE' || upper === 'FALSE') return { t: 'const', value: upper === 'TRUE' };
    if (token === '(') {
      const inner = or();
      if (tokens[i++] !== ')') throw new RuleError(`Missing ')' in alarm rule: ${text}`);
      return inner;
    }
    if (upper === 'ALARM' || upper === 'OK' || upper === 'INSUFFICIENT_DATA') {
      if (tokens[i++] !== '(') throw new RuleError(`Expected '(' after ${token} in alarm rule: ${text}`);
      const name = tokens[i++];
      if (name === undefined || name === ')') throw new RuleError(`${token}() needs an alarm name in alarm rule: ${text}`);
      if (tokens[i++] !== ')') throw new RuleError(`Expected ')' after ${token}(${name} in alarm rule: ${text}`);
      const alarm = name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
      return { t: 'state', state: upper as AlarmStateValue, alarm };
    }
    throw new RuleError(`Unexpected '${token}' in alarm rule: ${text}`);
  };
  const rule = or();
  if (i < tokens.length) throw new RuleError(`Unexpected '${tokens[i]}' in alarm rule: ${text}`);
  return rule;
}

/** Alarm names and ARNs a rule refers to. */
export function ruleAlarms(rule: Rule): string[] {
  switch (rule.t) {
    case 'state': return [rule.alarm];
    case 'const': return [];
    case 'not': return ruleAlarms(rule.arg);
    default: return [...ruleAlarms(rule.left), ...ruleAlarms(rule.right)];
  }
}

/** True when the rule holds, given each referenced alarm's state (by name or ARN). */
export function evaluateRule(rule: Rule, stateOf: (alarm: string) => AlarmStateValue | undefined): boolean {
  switch (rule.t) {
    case 'state': return stateOf(rule.alarm) === rule.state;
    case 'const': return rule.value;
    case 'not': return !evaluateRule(rule.arg, stateOf);
    case 'and': return evaluateRule(rule.left, stateOf) && evaluateRule(rule.right, stateOf);
    case 'or': return evaluateRule(rule.left, stateOf) || evaluateRule(rule.right, stateOf);
  }
}

export type { Rule as AlarmRule };
