import { Annotations, SecretValue, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ValidationError } from './validation';
import { FORMATS } from '../catalog/internal';

/**
 * AUTH tokens of replication groups: 16 to 128 printable ASCII characters, whose only special
 * characters are `! & # $ ^ < > -`.
 */

/** Printable ASCII punctuation ElastiCache refuses in an AUTH token (everything but `! & # $ ^ < > -`). */
const REFUSED_IN_TOKEN = '"%\'()*+,./:;=?@[\\]_`{|}~';
const GENERATED_TOKEN_LENGTH = 32;

/** A Secrets Manager secret whose whole value is a generated AUTH token. */
export function generateAuthTokenSecret(scope: Construct): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, 'AuthToken', {
    description: `AUTH token of the ElastiCache replication group ${scope.node.path}`,
    generateSecretString: {
      passwordLength: GENERATED_TOKEN_LENGTH,
      excludeCharacters: REFUSED_IN_TOKEN,
      includeSpace: false,
    },
  });
}

/**
 * A given token: references are resolved at deploy time and pass; a plain-text value is checked
 * (and warned about: it ends up in the template). The value is never echoed into an error.
 */
export function checkAuthToken(scope: Construct, token: SecretValue): void {
  const resolved = Stack.of(scope).resolve(token);
  if (typeof resolved !== 'string' || resolved.includes('{{resolve:')) return;
  const format = FORMATS.authToken;
  if (resolved.length < format.minLength || resolved.length > format.maxLength || !new RegExp(format.pattern).test(resolved)) {
    throw new ValidationError(scope, 'authToken', `(a ${resolved.length}-character plain-text value)`,
      `${format.minLength} to ${format.maxLength} characters: letters, digits and ! & # $ ^ < > - only`);
  }
  Annotations.of(scope).addWarningV2('cdk-elasticache:plainTextAuthToken',
    'authToken is plain text and will be visible in the template; use a Secrets Manager reference.');
}
