/**
 * Typed access to one request's parameters, failing as the service fails: a missing required
 * parameter is `MissingParameter`, a value of the wrong type `InvalidParameterValue` naming the
 * parameter and the value.
 */
import { API_ERRORS } from './errors';
import { listEntries, ParamNode, ParamTree } from './query';

export class RequestParams {
  constructor(private readonly tree: ParamTree, private readonly prefix = '') {}

  private node(name: string): ParamNode | undefined {
    return this.tree[name];
  }

  private label(name: string): string {
    return `${this.prefix}${name}`;
  }

  public has(name: string): boolean {
    return this.node(name) !== undefined;
  }

  /** The parameter names the request sets. */
  public get names(): string[] {
    return Object.keys(this.tree);
  }

  public string(name: string): string | undefined {
    const value = this.node(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}: expected a string.`);
    return value;
  }

  public requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw API_ERRORS.missingParameter(this.label(name));
    return value;
  }

  public integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw API_ERRORS.invalidValue(`Invalid value '${value}' for parameter ${this.label(name)}: expected an integer.`);
    return Number(value);
  }

  public requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) throw API_ERRORS.missingParameter(this.label(name));
    return value;
  }

  public number(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (value.trim() === '' || Number.isNaN(parsed)) throw API_ERRORS.invalidValue(`Invalid value '${value}' for parameter ${this.label(name)}: expected a number.`);
    return parsed;
  }

  public boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^(true|false)$/i.test(value)) throw API_ERRORS.invalidValue(`Invalid value '${value}' for parameter ${this.label(name)}: expected true or false.`);
    return value.toLowerCase() === 'true';
  }

  public stringList(name: string): string[] | undefined {
    const node = this.node(name);
    const entries = listEntries(node);
    if (node !== undefined && entries === undefined) throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}: expected a list.`);
    return entries?.map((entry, i) => {
      if (typeof entry !== 'string') throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}.member.${i + 1}: expected a string.`);
      return entry;
    });
  }

  public structList(name: string): RequestParams[] | undefined {
    const node = this.node(name);
    const entries = listEntries(node);
    if (node !== undefined && entries === undefined) throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}: expected a list.`);
    return entries?.map((entry, i) => {
      if (typeof entry !== 'object') throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}.member.${i + 1}: expected a structure.`);
      return new RequestParams(entry, `${this.label(name)}.member.${i + 1}.`);
    });
  }

  public struct(name: string): RequestParams | undefined {
    const node = this.node(name);
    if (node === undefined) return undefined;
    if (typeof node !== 'object') throw API_ERRORS.invalidValue(`Invalid value for parameter ${this.label(name)}: expected a structure.`);
    return new RequestParams(node, `${this.label(name)}.`);
  }

  /** The raw tree of a structure (for CloudFormation-shaped properties). */
  public raw(name: string): ParamNode | undefined {
    return this.node(name);
  }
}
