import { Annotations, SecretValue, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ValidationError } from './validation';

/** Characters ElastiCache refuses in RBAC passwords. */
const FORBIDDEN_PASSWORD_CHARS = ',"/@';
/**
 * Characters left out of generated passwords: those ElastiCache refuses, plus those that break
 * `redis://user:password@host` URLs and shell quoting, so the secret works everywhere unescaped.
 */
const EXCLUDED_FROM_GENERATED = `${FORBIDDEN_PASSWORD_CHARS}:%?#&\\'\`{}[]|<>=;`;
const GENERATED_PASSWORD_LENGTH = 32;

/** A Secrets Manager secret `{ "username", "password" }` with a generated password, under `scope`. */
export function generatePasswordSecret(scope: Construct, userName: string): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, 'Secret', {
    description: `Password of the ElastiCache user ${userName} (${scope.node.path})`,
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: userName }),
      generateStringKey: 'password',
      passwordLength: GENERATED_PASSWORD_LENGTH,
      excludeCharacters: EXCLUDED_FROM_GENERATED,
      includeSpace: false,
    },
  });
}

/**
 * 1 or 2 passwords. SSM SecureString references are refused (CloudFormation does not resolve them
 * in user passwords); plain-text ones are checked for length and characters, and warned about.
 */
export function checkPasswords(scope: Construct, passwords: SecretValue[]): void {
  if (passwords.length < 1 || passwords.length > 2) {
    throw new ValidationError(scope, 'passwords', `${passwords.length} passwords`, '1 or 2 passwords');
  }
  passwords.forEach((password, i) => {
    const resolved = Stack.of(scope).resolve(password);
    if (JSON.stringify(resolved).includes('{{resolve:ssm-secure:')) {
      // CloudFormation resolves SecureString parameters only in a fixed list of properties, which
      // does not include ElastiCache user passwords: the deployment would fail.
      throw new ValidationError(scope, `passwords[${i}]`, 'an SSM SecureString reference',
        'a Secrets Manager reference or plain text: CloudFormation does not resolve ssm-secure references in AWS::ElastiCache::User');
    }
    if (typeof resolved !== 'string' || resolved.includes('{{resolve:')) return;
    const bad = [...FORBIDDEN_PASSWORD_CHARS].filter((c) => resolved.includes(c));
    // The value itself is never echoed into the error: it is a secret.
    if (resolved.length < 16 || resolved.length > 128 || !/^[\x20-\x7e]+$/.test(resolved) || bad.length > 0) {
      throw new ValidationError(scope, `passwords[${i}]`, `(a ${resolved.length}-character plain-text value${bad.length ? ' containing ' + bad.join(' ') : ''})`,
        '16 to 128 printable ASCII characters, without , " / @');
    }
    Annotations.of(scope).addWarningV2('cdk-elasticache:plainTextPassword',
      `passwords[${i}] is plain text and will be visible in the template; use a Secrets Manager reference.`);
  });
}
