import { SeededRandom } from '../../../src/simulator/template';
import { generatePassword, secretStringFor } from '../../../src/simulator/template/secret-generation';
import { expectTemplateError } from '../helpers';
import { evaluate } from './evaluate';

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const random = new SeededRandom('s');

describe('GenerateSecretString', () => {
  test('32 characters of every type by default', () => {
    const password = generatePassword({}, random, 'k', {});
    expect(password).toHaveLength(32);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[0-9]/);
    expect([...password].some((c) => PUNCTUATION.includes(c))).toBe(true);
    expect(password).not.toContain(' ');
  });

  test('honours length, exclusions, space and RequireEachIncludedType', () => {
    for (let i = 0; i < 20; i++) {
      const password = generatePassword({ PasswordLength: 64, ExcludePunctuation: true, ExcludeCharacters: 'aeiouAEIOU0', IncludeSpace: true }, random, `k${i}`, {});
      expect(password).toHaveLength(64);
      expect(password).toMatch(/^[^aeiouAEIOU0!-/:-@[-`{-~]+$/);
      expect(password).toContain(' ');
    }
    const digits = generatePassword({ PasswordLength: 12, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: 'true' }, random, 'd', {});
    expect(digits).toMatch(/^\d{12}$/);
  });

  test('is stable for a seed and key, different across keys and seeds', () => {
    expect(generatePassword({}, random, 'a', {})).toBe(generatePassword({}, new SeededRandom('s'), 'a', {}));
    expect(generatePassword({}, random, 'a', {})).not.toBe(generatePassword({}, random, 'b', {}));
    expect(generatePassword({}, random, 'a', {})).not.toBe(generatePassword({}, new SeededRandom('t'), 'a', {}));
  });

  test('SecretStringTemplate with GenerateStringKey makes JSON', () => {
    const value = JSON.parse(secretStringFor({ GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password', PasswordLength: 20 } }, random, 'j', {}));
    expect(value.username).toBe('app');
    expect(value.password).toHaveLength(20);
  });

  test('invalid combinations fail', () => {
    expectTemplateError(() => generatePassword({ PasswordLength: 0 }, random, 'x', {}), /PasswordLength must be between 1 and 4096/);
    expectTemplateError(() => generatePassword({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }, random, 'x', {}), /excludes every character type/);
    expectTemplateError(() => generatePassword({ PasswordLength: 3 }, random, 'x', {}), /too short to include each of 4 character types/);
    expectTemplateError(() => secretStringFor({ GenerateSecretString: { GenerateStringKey: 'p' } }, random, 'x', {}), /both SecretStringTemplate and GenerateStringKey/);
    expectTemplateError(() => secretStringFor({ SecretString: 'a', GenerateSecretString: {} }, random, 'x', {}), /mutually exclusive/);
  });
});

describe('dynamic references', () => {
  const secretTemplate = (reference: unknown, secret: Record<string, unknown> = { GenerateSecretString: { SecretStringTemplate: '{"user":"u"}', GenerateStringKey: 'pw' } }) => ({
    Resources: {
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'app/token', ...secret } },
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: reference } },
    },
  });
  const valueOfParam = (tpl: unknown, options = {}) => evaluate(tpl, options).allResources().find((r) => r.logicalId === 'Param')!.properties().Value;
  const secretValue = (tpl: unknown, options = {}) => {
    const secret = evaluate(tpl, options).allResources().find((r) => r.logicalId === 'Secret')!;
    return (secret.state() as { secretString: string }).secretString;
  };

  test('by ARN (as the CDK writes it) and by name, whole or one JSON key', () => {
    const byArn = secretTemplate({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:pw::}}']] });
    const pw = JSON.parse(secretValue(byArn)).pw;
    expect(valueOfParam(byArn)).toBe(pw);
    expect(valueOfParam(secretTemplate('{{resolve:secretsmanager:app/token:SecretString:user}}'))).toBe('u');
    expect(valueOfParam(secretTemplate('prefix-{{resolve:secretsmanager:app/token}}'))).toBe(`prefix-${secretValue(secretTemplate('x'))}`);
  });

  test('the ARN has Secrets Manager form and a partial ARN matches too', () => {
    const evaluation = evaluate(secretTemplate('x'));
    const arn = evaluation.allResources().find((r) => r.logicalId === 'Secret')!.physicalId();
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:111122223333:secret:app\/token-[A-Za-z0-9]{6}$/);
    expect(valueOfParam(secretTemplate(`{{resolve:secretsmanager:${arn.slice(0, -7)}:SecretString:user}}`))).toBe('u');
  });

  test('supplied values replace generated ones, and stand in for secrets outside the template', () => {
    expect(valueOfParam(secretTemplate('{{resolve:secretsmanager:app/token}}'), { secretValues: { 'app/token': 'given-value' } })).toBe('given-value');
    expect(valueOfParam(secretTemplate('{{resolve:secretsmanager:external/one}}'), { secretValues: { 'external/one': 'ext' } })).toBe('ext');
    expect(valueOfParam(secretTemplate('{{resolve:secretsmanager:app/token}}', { SecretString: 'literal' }))).toBe('literal');
  });

  test('unknown secrets, missing keys and other versions fail', () => {
    expectTemplateError(() => evaluate(secretTemplate('{{resolve:secretsmanager:nope}}')), "Secrets Manager can't find the specified secret. (secret nope)");
    expectTemplateError(() => evaluate(secretTemplate('{{resolve:secretsmanager:app/token:SecretString:missing}}')), /the SecretString has no key missing/);
    expectTemplateError(() => evaluate(secretTemplate('{{resolve:secretsmanager:app/token:SecretString::AWSPREVIOUS}}')), /keeps only the AWSCURRENT version/);
    expectTemplateError(() => evaluate(secretTemplate('{{resolve:secretsmanager:app/token:SecretString:k}}', { SecretString: 'plain' })), /the SecretString is not JSON/);
  });

  test('SSM references read supplied values and SSM parameters of the stacks', () => {
    const tpl = {
      Resources: {
        Stored: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/size', Type: 'String', Value: 'cache.t4g.small' } },
        Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: '{{resolve:ssm:/app/size}}-{{resolve:ssm:/ext:3}}' } },
      },
    };
    expect(valueOfParam(tpl, { ssmParameters: { '/ext': 'e' } })).toBe('cache.t4g.small-e');
    expectTemplateError(() => evaluate(tpl), 'Unable to fetch parameters [/ext] from parameter store for this account.');
  });
});
