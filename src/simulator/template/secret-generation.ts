import { validationError, ErrorLocation } from '../errors';
import type { SeededRandom } from './random';
import { isJsonObject, JsonObject, JsonValue } from './types';

const CHARACTER_TYPES = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  // The punctuation set of Secrets Manager's GetRandomPassword.
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  space: ' ',
};

function flag(value: JsonValue | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value === true || value === 'true';
}

/**
 * A password as Secrets Manager's `GenerateSecretString` makes one: `PasswordLength` characters
 * (default 32) from the included character types minus `ExcludeCharacters`, at least one of each
 * type when `RequireEachIncludedType` (default true). Drawn from the simulator's seed, so a secret
 * keeps its value for a seed.
 */
export function generatePassword(options: JsonObject, random: SeededRandom, key: string, location: ErrorLocation): string {
  const length = options.PasswordLength === undefined ? 32 : Number(options.PasswordLength);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw validationError('GenerateSecretString.PasswordLength must be between 1 and 4096', location);
  }
  const excluded = new Set(typeof options.ExcludeCharacters === 'string' ? [...options.ExcludeCharacters] : []);
  const types = [
    flag(options.ExcludeLowercase, false) ? '' : CHARACTER_TYPES.lowercase,
    flag(options.ExcludeUppercase, false) ? '' : CHARACTER_TYPES.uppercase,
    flag(options.ExcludeNumbers, false) ? '' : CHARACTER_TYPES.numbers,
    flag(options.ExcludePunctuation, false) ? '' : CHARACTER_TYPES.punctuation,
    flag(options.IncludeSpace, false) ? CHARACTER_TYPES.space : '',
  ].map((set) => [...set].filter((c) => !excluded.has(c)).join('')).filter((set) => set.length > 0);
  if (types.length === 0) throw validationError('GenerateSecretString excludes every character type', location);
  const requireEach = flag(options.RequireEachIncludedType, true);
  if (requireEach && length < types.length) {
    throw validationError(`GenerateSecretString.PasswordLength ${length} is too short to include each of ${types.length} character types`, location);
  }
  const alphabet = types.join('');
  const draw = random.integers(`password:${key}`, 256 * 256);
  const pick = (set: string) => set[(draw.next().value as number) % set.length];
  const chars = requireEach ? types.map(pick) : [];
  while (chars.length < length) chars.push(pick(alphabet));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (draw.next().value as number) % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/**
 * The `SecretString` of an `AWS::SecretsManager::Secret`: the template's own `SecretString`, or a
 * generated password, placed under `GenerateStringKey` of `SecretStringTemplate` when both are given.
 */
export function secretStringFor(properties: JsonObject, random: SeededRandom, key: string, location: ErrorLocation): string {
  const given = properties.SecretString;
  const generate = properties.GenerateSecretString;
  if (given !== undefined && generate !== undefined) {
    throw validationError('SecretString and GenerateSecretString are mutually exclusive', location);
  }
  if (given !== undefined) return typeof given === 'string' ? given : JSON.stringify(given);
  if (!isJsonObject(generate)) return '';
  const password = generatePassword(generate, random, key, location);
  const template = generate.SecretStringTemplate;
  const stringKey = generate.GenerateStringKey;
  if ((template === undefined) !== (stringKey === undefined)) {
    throw validationError('GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither', location);
  }
  if (template === undefined) return password;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(template));
  } catch {
    throw validationError('GenerateSecretString.SecretStringTemplate must be a JSON object', location);
  }
  if (!isJsonObject(parsed)) throw validationError('GenerateSecretString.SecretStringTemplate must be a JSON object', location);
  return JSON.stringify({ ...parsed, [String(stringKey)]: password });
}
