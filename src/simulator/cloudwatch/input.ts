/**
 * Typed access to an operation's JSON input, failing as CloudWatch fails: a missing required
 * member is `MissingParameter`, a member of the wrong type or out of range `InvalidParameterValue`
 * naming the member and the value. Timestamps arrive as epoch seconds (the SDK's JSON encoding),
 * ISO strings or Dates.
 */
import { CW_ERRORS } from './errors';
import type { Dimension } from '../metrics/types';

export class Input {
  constructor(private readonly raw: Readonly<Record<string, unknown>>, private readonly prefix = '') {}

  private label(name: string): string {
    return `${this.prefix}${name}`;
  }

  public has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  public string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw CW_ERRORS.invalidValue(`The value ${JSON.stringify(v)} for parameter ${this.label(name)} is not a string.`);
    return v;
  }

  public requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw CW_ERRORS.missing(this.label(name));
    return v;
  }

  public oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v !== undefined && !(allowed as readonly string[]).includes(v)) {
      throw CW_ERRORS.invalidValue(`The value ${v} for parameter ${this.label(name)} is not valid. Valid values: ${allowed.join(', ')}.`);
    }
    return v as T | undefined;
  }

  public number(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw CW_ERRORS.invalidValue(`The value ${JSON.stringify(v)} for parameter ${this.label(name)} is not a number.`);
    return v;
  }

  public integer(name: string, min: number, max: number): number | undefined {
    const v = this.number(name);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) throw CW_ERRORS.invalidValue(`The value ${v} for parameter ${this.label(name)} must be an integer between ${min} and ${max}.`);
    return v;
  }

  public boolean(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw CW_ERRORS.invalidValue(`The value ${JSON.stringify(v)} for parameter ${this.label(name)} is not a boolean.`);
    return v;
  }

  /** Milliseconds since the epoch. */
  public timestamp(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) throw CW_ERRORS.invalidValue(`The value ${JSON.stringify(v)} for parameter ${this.label(name)} is not a valid timestamp.`);
    return ms;
  }

  public requiredTimestamp(name: string): number {
    const v = this.timestamp(name);
    if (v === undefined) throw CW_ERRORS.missing(this.label(name));
    return v;
  }

  public strings(name: string): string[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw CW_ERRORS.invalidValue(`The parameter ${this.label(name)} must be a list of strings.`);
    return v as string[];
  }

  public numbers(name: string): number[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw CW_ERRORS.invalidValue(`The parameter ${this.label(name)} must be a list of numbers.`);
    return v as number[];
  }

  public list(name: string): Input[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw CW_ERRORS.invalidValue(`The parameter ${this.label(name)} must be a list.`);
    return v.map((item, i) => {
      if (!item || typeof item !== 'object') throw CW_ERRORS.invalidValue(`The parameter ${this.label(name)}.member.${i + 1} must be a structure.`);
      return new Input(item as Record<string, unknown>, `${this.label(name)}.member.${i + 1}.`);
    });
  }

  public struct(name: string): Input | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw CW_ERRORS.invalidValue(`The parameter ${this.label(name)} must be a structure.`);
    return new Input(v as Record<string, unknown>, `${this.label(name)}.`);
  }

  /** `Dimensions`: Name and Value required (`valueOptional` for filters). */
  public dimensions(name: string, valueOptional = false): { name: string; value?: string }[] {
    const entries = this.list(name) ?? [];
    if (entries.length > 30) throw CW_ERRORS.invalidValue(`The collection ${this.label(name)} must not have more than 30 members.`);
    return entries.map((d) => ({ name: d.requiredString('Name'), value: valueOptional ? d.string('Value') : d.requiredString('Value') }));
  }
}

/** Dimensions in the API's shape. */
export function dimensionShapes(dims: readonly Dimension[]): { Name: string; Value: string }[] {
  return dims.map((d) => ({ Name: d.name, Value: d.value }));
}
