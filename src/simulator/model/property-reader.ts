import { validationError } from '../errors';
import type { JsonObject, JsonValue, ResourceView } from '../template';
import type { ResourceSchema } from './property-schemas';
import { isJsonObject } from '../template/types';

function typeName(value: JsonValue): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value === null) return 'Null';
  if (typeof value === 'object') return 'JSONObject';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Number';
  return typeof value === 'string' ? 'String' : 'Boolean';
}

/**
 * Typed access to a resource's resolved properties, checked as CloudFormation checks them against
 * the resource schema (unknown and missing keys, types), with its message format. Numbers and
 * booleans may arrive as strings (YAML, parameters), as CloudFormation accepts them.
 */
export class PropertyReader {
  private readonly props: JsonObject;

  constructor(private readonly resource: ResourceView, schema: ResourceSchema) {
    this.props = resource.properties();
    const extraneous = Object.keys(this.props).filter((key) => !(key in schema.properties));
    if (extraneous.length > 0) throw this.schemaError(`#: extraneous key [${extraneous[0]}] is not permitted`);
    const missing = schema.required.filter((key) => this.props[key] === undefined);
    if (missing.length > 0) throw this.schemaError(`#: required key [${missing[0]}] not found`);
  }

  /** The property names the template sets. */
  public get names(): string[] {
    return Object.keys(this.props);
  }

  public has(name: string): boolean {
    return this.props[name] !== undefined;
  }

  public raw(name: string): JsonValue | undefined {
    return this.props[name];
  }

  public string(name: string): string | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw this.typeError(name, 'String', value);
  }

  public integer(name: string): number | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
    throw this.typeError(name, 'Integer', value);
  }

  public number(name: string, source: JsonObject = this.props, path = name): number | undefined {
    const value = source[name];
    if (value === undefined) return undefined;
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    throw this.typeError(path, 'Number', value);
  }

  public boolean(name: string): boolean | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw this.typeError(name, 'Boolean', value);
  }

  public stringList(name: string): string[] | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.typeError(name, 'JSONArray', value);
    return value.map((item, index) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      throw this.typeError(`${name}/${index}`, 'String', item);
    });
  }

  public object(name: string): JsonObject | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (!isJsonObject(value)) throw this.typeError(name, 'JSONObject', value);
    return value;
  }

  public objectList(name: string): JsonObject[] | undefined {
    const value = this.props[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.typeError(name, 'JSONArray', value);
    return value.map((item, index) => {
      if (!isJsonObject(item)) throw this.typeError(`${name}/${index}`, 'JSONObject', item);
      return item;
    });
  }

  private typeError(path: string, expected: string, value: JsonValue): Error {
    return this.schemaError(`#/${path}: expected type: ${expected}, found: ${typeName(value)}`);
  }

  private schemaError(detail: string): Error {
    return validationError(`Properties validation failed for resource ${this.resource.logicalId} with message: ${detail}`, this.resource.location);
  }
}
