import { Annotations, Tags } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { enablesUser, findAccessStringProblem } from './access-string';
import { Engine } from '../catalog';
import { UserBaseProps } from './user-base';
import { checkOneOf, checkPattern, isUncheckable, ValidationError } from './validation';

/** Grammar of user IDs in CloudFormation (`AWS::ElastiCache::User`). */
const USER_ID = /^[a-z][a-z0-9-]*$/;

/** The authentication part of a user resource, decided by each kind of user. */
export interface UserAuthentication {
  readonly authenticationMode: { Type: string; Passwords?: string[] };
  readonly noPasswordRequired?: boolean;
}

/**
 * Validates the shared props and creates the `AWS::ElastiCache::User`. Used by the constructors of
 * the three user kinds so the checks and the resource shape are written once.
 */
export function createUserResource(
  user: Construct, props: UserBaseProps, engine: Engine, userName: string, auth: UserAuthentication,
): elasticache.CfnUser {
  checkOneOf(user, 'engine', engine, [Engine.VALKEY, Engine.REDIS]);
  checkPattern(user, 'userId', props.userId, USER_ID, 'lower-case letters, digits and hyphens, starting with a letter');
  if (props.userId === 'default') {
    throw new ValidationError(user, 'userId', props.userId,
      'an ID other than "default" (the built-in user has it); to replace the built-in user, give another ID and userName: "default"');
  }
  checkPattern(user, 'userName', userName, /^\S+$/, 'a non-empty name without whitespace');
  checkAccessString(user, props.accessControl.accessString, userName);

  const resource = new elasticache.CfnUser(user, 'Resource', {
    engine,
    userId: props.userId,
    userName,
    accessString: props.accessControl.accessString,
    authenticationMode: auth.authenticationMode,
    noPasswordRequired: auth.noPasswordRequired,
  });
  for (const [key, value] of Object.entries(props.tags ?? {})) Tags.of(resource).add(key, value);
  return resource;
}

function checkAccessString(scope: Construct, accessString: string, userName: string): void {
  if (isUncheckable(accessString)) return;
  const problem = findAccessStringProblem(accessString);
  if (problem) {
    throw new ValidationError(scope, 'accessControl', accessString, `rule "${problem.rule}": ${problem.reason}`);
  }
  // A disabled `default` user is the usual way to lock the built-in user out, so it gets no warning.
  if (!enablesUser(accessString) && userName !== 'default') {
    Annotations.of(scope).addWarningV2('cdk-elasticache:userOff',
      `The access string "${accessString}" does not contain "on": ElastiCache creates the user disabled.`);
  }
}
