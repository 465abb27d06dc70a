import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Synth-time validation shared by every construct of the package.
 *
 * Each error names the construct path, the prop, the bad value and what is allowed, so a user can
 * fix the input without opening the ElastiCache documentation. Values that are unresolved tokens
 * (`Token.isUnresolved`) are never checked: their value is only known at deploy time.
 */
export class ValidationError extends Error {
  /**
   * @param scope the construct whose prop is wrong (its path starts the message)
   * @param prop the prop name as the user wrote it, dotted for nested props (`backup.backupRetentionLimit`)
   * @param value the bad value, rendered in the message
   * @param allowed what the prop accepts
   */
  constructor(scope: IConstruct | undefined, prop: string, value: unknown, allowed: string) {
    super(`${scope ? scope.node.path + ': ' : ''}${prop} ${formatValue(value)} is not allowed: ${allowed}`);
    this.name = 'ValidationError';
  }
}

/** Renders a value for an error message: strings quoted, arrays and objects as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '(unset)';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** True when the value is absent or only known at deploy time, so no check applies. */
export function isUncheckable(value: unknown): boolean {
  return value === undefined || value === null || Token.isUnresolved(value);
}

/** An inclusive numeric range, optionally integer-only, with the unit used in messages. */
export interface RangeRule {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly unit?: string;
}

export function checkRange(scope: IConstruct, prop: string, value: number | undefined, rule: RangeRule): void {
  if (value === undefined || isUncheckable(value)) return;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const kind = rule.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    throw new ValidationError(scope, prop, value, `${kind} from ${fmtNumber(rule.min)} to ${fmtNumber(rule.max)}${unit}`);
  }
}

/** `min` must not exceed `max` when both are known. */
export function checkMinNotAboveMax(
  scope: IConstruct,
  minProp: string, min: number | undefined,
  maxProp: string, max: number | undefined,
): void {
  if (min === undefined || max === undefined || isUncheckable(min) || isUncheckable(max)) return;
  if (min > max) {
    throw new ValidationError(scope, minProp, min, `at most ${maxProp} (${fmtNumber(max)})`);
  }
}

export function checkLength(scope: IConstruct, prop: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined || isUncheckable(value)) return;
  if (value.length < min || value.length > max) {
    throw new ValidationError(scope, prop, value, `${min} to ${max} characters (got ${value.length})`);
  }
}

/** A documented identifier format: a pattern and a length range (see `FORMATS` in the catalog). */
export interface FormatCheck {
  readonly pattern: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** Checks a value against a documented format; `description` says in words what the pattern allows. */
export function checkFormat(scope: IConstruct, prop: string, value: string | undefined, format: FormatCheck, description: string): void {
  if (value === undefined || isUncheckable(value)) return;
  const min = format.minLength ?? 1;
  const max = format.maxLength ?? Number.MAX_SAFE_INTEGER;
  const lengthOk = value.length >= min && value.length <= max;
  if (!lengthOk || !new RegExp(format.pattern).test(value)) {
    const lengths = format.maxLength === undefined ? '' : `; ${min} to ${max} characters`;
    throw new ValidationError(scope, prop, value, `${description}${lengths} (got ${value.length})`);
  }
}

export function checkOneOf(scope: IConstruct, prop: string, value: string | undefined, allowed: readonly string[]): void {
  if (value === undefined || isUncheckable(value)) return;
  if (!allowed.includes(value)) {
    throw new ValidationError(scope, prop, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

export function checkPattern(scope: IConstruct, prop: string, value: string | undefined, pattern: RegExp, description: string): void {
  if (value === undefined || isUncheckable(value)) return;
  if (!pattern.test(value)) throw new ValidationError(scope, prop, value, description);
}

/** Options of the identifier grammar ElastiCache uses for cluster, group, cache and snapshot names. */
export interface IdentifierRule {
  readonly maxLength: number;
  /** Only lower-case letters are accepted (names CloudFormation compares case-sensitively). */
  readonly lowerCaseOnly?: boolean;
  /** The grammar forbids a trailing hyphen and two consecutive hyphens. @default true */
  readonly strictHyphens?: boolean;
}

/**
 * The ElastiCache identifier grammar: starts with a letter, then letters, digits and hyphens;
 * by default no trailing hyphen and no two consecutive hyphens.
 */
export function checkIdentifier(scope: IConstruct, prop: string, value: string | undefined, rule: IdentifierRule): void {
  if (value === undefined || isUncheckable(value)) return;
  const message = describeIdentifierRule(rule);
  if (value.length < 1 || value.length > rule.maxLength) throw new ValidationError(scope, prop, value, message);
  const letters = rule.lowerCaseOnly ? 'a-z' : 'A-Za-z';
  if (!new RegExp(`^[${letters}][${letters}0-9-]*$`).test(value)) throw new ValidationError(scope, prop, value, message);
  if (rule.strictHyphens !== false && (value.endsWith('-') || value.includes('--'))) {
    throw new ValidationError(scope, prop, value, message);
  }
}

export function describeIdentifierRule(rule: IdentifierRule): string {
  const letters = rule.lowerCaseOnly ? 'lower-case letters' : 'letters';
  const hyphens = rule.strictHyphens === false ? '' : ', must not end with a hyphen or contain two consecutive hyphens';
  return `1 to ${rule.maxLength} characters: ${letters}, digits and hyphens, starting with a letter${hyphens}`;
}

/** Free-text descriptions: at most `maxLength` characters and none of the characters listed. */
export function checkText(scope: IConstruct, prop: string, value: string | undefined, maxLength: number, forbidden: string): void {
  if (value === undefined || isUncheckable(value)) return;
  const bad = [...forbidden].filter((c) => value.includes(c));
  if (value.length > maxLength || bad.length > 0) {
    const chars = [...forbidden].map((c) => `'${c}'`).join(' or ');
    throw new ValidationError(scope, prop, value, `at most ${maxLength} characters, without ${chars}`);
  }
}

function fmtNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}
