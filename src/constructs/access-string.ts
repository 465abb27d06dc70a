/**
 * Parser for RBAC access strings: the ACL rule grammar of Valkey / Redis OSS (`ACL SETUSER`) with
 * the restrictions ElastiCache adds (no passwords in the string, no `reset`). It returns the first
 * problem found, or undefined when every rule is valid.
 */

/** ACL command categories of Valkey / Redis OSS, plus those ElastiCache adds for JSON, Bloom and search. */
export const ACL_CATEGORIES: readonly string[] = [
  'all', 'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction',
  'scripting', 'json', 'bloom', 'search',
];

/** Rules that take no argument. */
const FLAGS = new Set([
  'on', 'off', 'nopass', 'allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands',
  'clearselectors', 'skip-sanitize-payload', 'sanitize-payload',
]);

/** Rules the engine knows but ElastiCache refuses in an access string, with the reason. */
const REFUSED: Record<string, string> = {
  reset: 'ElastiCache does not accept "reset" in an access string (it would remove the passwords it manages)',
  resetpass: 'ElastiCache manages passwords through the user\'s passwords, not the access string',
};

const COMMAND_NAME = /^[a-z][a-z0-9_.-]*(\|[a-z0-9_.-]+)?$/;

/** The result of parsing: the problem with the offending rule, or nothing. */
export interface AccessStringProblem {
  readonly rule: string;
  readonly reason: string;
}

/** Validates a whole access string; returns the first problem. */
export function findAccessStringProblem(accessString: string): AccessStringProblem | undefined {
  if (accessString.trim() === '') return { rule: accessString, reason: 'an access string needs at least one rule' };
  for (const rule of splitRules(accessString)) {
    const reason = ruleProblem(rule, false);
    if (reason) return { rule, reason };
  }
  return undefined;
}

/** Whether the string enables the user: the last of `on`/`off` wins, and a user is off by default. */
export function enablesUser(accessString: string): boolean {
  let on = false;
  for (const rule of splitRules(accessString)) {
    const r = rule.toLowerCase();
    if (r === 'on') on = true;
    if (r === 'off') on = false;
  }
  return on;
}

/** Splits on whitespace, keeping a parenthesised selector (`(~key* +get)`) as one rule. */
export function splitRules(accessString: string): string[] {
  const rules: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of accessString) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (/\s/.test(ch) && depth === 0) {
      if (current) rules.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) rules.push(current);
  return rules;
}

function ruleProblem(rule: string, insideSelector: boolean): string | undefined {
  const lower = rule.toLowerCase();
  if (REFUSED[lower]) return REFUSED[lower];
  if (FLAGS.has(lower)) {
    if (insideSelector && ['on', 'off', 'nopass', 'clearselectors'].includes(lower)) return `"${rule}" is not allowed inside a selector`;
    return undefined;
  }
  switch (rule[0]) {
    case '>': case '<': case '#': case '!':
      return 'ElastiCache does not accept passwords or password hashes in an access string; set them on the user';
    case '~':
      return rule.length > 1 ? undefined : 'a key pattern needs a pattern after "~"';
    case '%':
      return /^%(R|W|RW)~.+$/i.test(rule) ? undefined : 'a key permission is written %R~pattern, %W~pattern or %RW~pattern';
    case '&':
      return rule.length > 1 ? undefined : 'a channel pattern needs a pattern after "&"';
    case '+': case '-':
      return commandRuleProblem(rule);
    case '(':
      return selectorProblem(rule, insideSelector);
    default:
      return 'not an ACL rule (expected on, off, ~pattern, %R~pattern, &channel, +command, -command, +@category, -@category, allkeys, resetkeys, allchannels, resetchannels, allcommands, nocommands, nopass or a (selector))';
  }
}

function commandRuleProblem(rule: string): string | undefined {
  const body = rule.slice(1).toLowerCase();
  if (body.startsWith('@')) {
    const category = body.slice(1);
    return ACL_CATEGORIES.includes(category) ? undefined : `unknown command category "@${category}" (known: ${ACL_CATEGORIES.map((c) => '@' + c).join(', ')})`;
  }
  return COMMAND_NAME.test(body) ? undefined : 'a command rule is written +command, +command|subcommand, -command or ±@category';
}

function selectorProblem(rule: string, insideSelector: boolean): string | undefined {
  if (insideSelector) return 'selectors cannot be nested';
  if (!rule.endsWith(')')) return 'a selector must end with ")"';
  const inner = rule.slice(1, -1);
  for (const part of splitRules(inner)) {
    const reason = ruleProblem(part, true);
    if (reason) return `in selector: "${part}": ${reason}`;
  }
  return undefined;
}
