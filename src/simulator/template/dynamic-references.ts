import { ErrorLocation, validationError } from '../errors';
import { isJsonObject, JsonObject, JsonValue } from './types';

/** Where dynamic references find their values. */
export interface DynamicReferenceSource {
  /** `SecretString` of a secret given by name or ARN. */
  secretString(secretId: string, location: ErrorLocation): string;
  /** Value of an SSM parameter (`version` as written after the name, if any). */
  ssmParameter(name: string, location: ErrorLocation): string;
}

const REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure|ssm):([^}]*)\}\}/g;

/**
 * Replaces `{{resolve:secretsmanager:…}}` and `{{resolve:ssm:…}}` in every string of a resolved
 * property value, as CloudFormation does when it provisions the resource.
 */
export function resolveDynamicReferences(value: JsonValue, source: DynamicReferenceSource, location: ErrorLocation): JsonValue {
  if (typeof value === 'string') {
    return value.includes('{{resolve:') ? value.replace(REFERENCE, (_m, service: string, body: string) => resolveOne(service, body, source, location)) : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveDynamicReferences(item, source, location));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveDynamicReferences(item, source, location);
    return out;
  }
  return value;
}

function resolveOne(service: string, body: string, source: DynamicReferenceSource, location: ErrorLocation): string {
  if (service !== 'secretsmanager') {
    const name = body.replace(/:\d+$/, '');
    return source.ssmParameter(name, location);
  }
  // The secret id is a name, or an ARN whose own colons make it seven fields long.
  const fields = body.split(':');
  const idLength = fields[0] === 'arn' ? 7 : 1;
  const secretId = fields.slice(0, idLength).join(':');
  const [secretType = '', jsonKey = '', versionStage = '', versionId = ''] = fields.slice(idLength);
  if (secretType !== '' && secretType !== 'SecretString') {
    throw validationError(`Dynamic reference {{resolve:secretsmanager:${body}}}: only SecretString can be referenced`, location);
  }
  if ((versionStage !== '' && versionStage !== 'AWSCURRENT') || versionId !== '') {
    throw validationError(`Dynamic reference {{resolve:secretsmanager:${body}}}: the simulator keeps only the AWSCURRENT version of a secret`, location);
  }
  const secretString = source.secretString(secretId, location);
  if (jsonKey === '') return secretString;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw validationError(`Dynamic reference {{resolve:secretsmanager:${body}}}: the SecretString is not JSON, so it has no key ${jsonKey}`, location);
  }
  const field = isJsonObject(parsed) ? parsed[jsonKey] : undefined;
  if (field === undefined || field === null || typeof field === 'object') {
    throw validationError(`Dynamic reference {{resolve:secretsmanager:${body}}}: the SecretString has no key ${jsonKey}`, location);
  }
  return String(field);
}
