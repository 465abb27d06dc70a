import { arn } from '../../naming/arns';
import { MIXED_ALNUM } from '../random';
import { secretStringFor } from '../secret-generation';
import { stableToken } from './common';
import type { ResourceTypeHandler, ResourceView } from './handler';

/** A simulated `AWS::SecretsManager::Secret`. */
export interface SecretState {
  readonly name: string;
  readonly arn: string;
  readonly secretString: string;
  /** Where the value came from. */
  readonly origin: 'template' | 'generated' | 'supplied';
}

function createSecret(resource: ResourceView): SecretState {
  const props = resource.properties();
  const name = typeof props.Name === 'string' ? props.Name : `${resource.logicalId}-${stableToken(resource, 'secret-name', 12, MIXED_ALNUM)}`;
  // Secrets Manager appends six random characters to the name in the ARN.
  const secretArn = arn(resource.stack.env, 'secretsmanager', `secret:${name}-${stableToken(resource, 'secret-arn', 6, MIXED_ALNUM)}`);
  const supplied = resource.stack.assembly.suppliedSecret(secretArn, name, resource.logicalId);
  if (supplied !== undefined) return { name, arn: secretArn, secretString: supplied, origin: 'supplied' };
  const secretString = secretStringFor(props, resource.stack.random, `${resource.stack.path}/${resource.logicalId}`, resource.location);
  return { name, arn: secretArn, secretString, origin: props.SecretString !== undefined ? 'template' : 'generated' };
}

/** Secrets hold AUTH tokens and user passwords, so they are essential: `Ref` is the ARN. */
export const SECRET_HANDLER: ResourceTypeHandler = {
  essential: true,
  create: createSecret,
  physicalId: (resource) => (resource.state() as SecretState).arn,
  attribute: (resource, name) => (name === 'Id' ? (resource.state() as SecretState).arn : undefined),
};

/** `Ref` of a target attachment is the secret it attaches. */
export const SECRET_ATTACHMENT_HANDLER: ResourceTypeHandler = {
  essential: false,
  physicalId: (resource) => String(resource.properties().SecretId ?? ''),
  attribute: () => undefined,
};
