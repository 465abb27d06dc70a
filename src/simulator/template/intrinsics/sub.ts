import { isJsonObject, JsonValue } from '../types';
import type { IntrinsicHandler, Resolved, ResolveScope } from './scope';
import { scalarText, templateError } from './values';

const PROBLEM = "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string";

/**
 * `Fn::Sub`: `"text ${Name}"` or `["text ${Name}", { Name: value }]`. `${Param}` is a `Ref`,
 * `${Resource.Attr}` a `Fn::GetAtt`, `${!Literal}` writes `${Literal}` unchanged.
 */
export const sub: IntrinsicHandler = (args, scope) => {
  let text: JsonValue;
  let variables: Record<string, JsonValue> = {};
  if (Array.isArray(args)) {
    if (args.length !== 2 || !isJsonObject(args[1])) throw templateError(PROBLEM, scope);
    [text, variables] = [args[0], args[1]];
  } else {
    text = args;
  }
  if (typeof text !== 'string') throw templateError(PROBLEM, scope);
  return text.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    return substitution(name, variables, scope);
  });
};

function substitution(name: string, variables: Record<string, JsonValue>, scope: ResolveScope): string {
  let value: Resolved;
  if (Object.prototype.hasOwnProperty.call(variables, name)) {
    value = scope.resolve(variables[name]);
  } else if (name.includes('.') && !name.startsWith('AWS::')) {
    const dot = name.indexOf('.');
    value = scope.getAtt(name.slice(0, dot), name.slice(dot + 1));
  } else {
    value = scope.ref(name);
  }
  const text = scalarText(value);
  if (text === undefined) throw templateError(`Fn::Sub variable \${${name}} does not resolve to a string`, scope);
  return text;
}
