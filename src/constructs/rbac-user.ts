import { Annotations, SecretValue } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { enablesUser, findAccessStringProblem } from './access-string';
import { Engine } from '../catalog';
import { checkPasswords, generatePasswordSecret } from './passwords';
import { tagResource } from './tags';
import { UserBase, UserBaseProps } from './user-base';
import { checkFormat, checkOneOf, checkPattern, isUncheckable, ValidationError } from './validation';
import { FORMATS } from '../catalog/internal';

/** How an RBAC user authenticates (`AuthenticationMode.Type` of `AWS::ElastiCache::User`). */
export enum AuthenticationType {
  /** One or two passwords. */
  PASSWORD = 'password',
  /** No password (Redis OSS only). */
  NO_PASSWORD_REQUIRED = 'no-password-required',
  /** A short-lived token signed with IAM credentials; the user name must equal the user ID. */
  IAM = 'iam',
}

/** What distinguishes one kind of RBAC user from another; given by each subclass. */
export interface UserKind {
  /** How the user authenticates. */
  readonly authenticationType: AuthenticationType;

  /** The engine used when the props give none. */
  readonly defaultEngine: Engine;

  /**
   * The name the user authenticates with.
   * @default the userId
   */
  readonly userName?: string;

  /**
   * Passwords of a PASSWORD user.
   * @default one password generated in a new Secrets Manager secret (PASSWORD users only)
   */
  readonly passwords?: SecretValue[];
}


/**
 * An RBAC user created by this app (`AWS::ElastiCache::User`): the checks and the resource shared
 * by `PasswordUser`, `NoPasswordUser` and `IamUser`, which only say how the user authenticates.
 */
export abstract class RbacUser extends UserBase {
  public readonly userId: string;
  public readonly userArn: string;

  /** The name the user authenticates with. */
  public readonly userName?: string;

  /** The engine of the user (always set for users created here). */
  public readonly engine?: Engine;

  /** The access string of the user. */
  public readonly accessString: string;

  /**
   * The status of the user (`active`, `modifying`, `deleting`).
   * @attribute
   */
  public readonly userStatus: string;

  /** The underlying CloudFormation resource. */
  public readonly resource: elasticache.CfnUser;

  /** The generated password secret of a PASSWORD user created without passwords. */
  protected readonly passwordSecret?: secretsmanager.ISecret;

  protected constructor(scope: Construct, id: string, props: UserBaseProps, kind: UserKind) {
    super(scope, id);
    const engine = props.engine ?? kind.defaultEngine;
    const userName = kind.userName ?? props.userId;
    this.engine = engine;
    this.userId = props.userId;
    this.userName = userName;
    this.accessString = props.accessControl.accessString;

    checkOneOf(this, 'engine', engine, [Engine.VALKEY, Engine.REDIS]);
    checkFormat(this, 'userId', props.userId, FORMATS.userId, 'lower-case letters, digits and hyphens, starting with a letter');
    if (props.userId === 'default') {
      throw new ValidationError(this, 'userId', props.userId,
        'an ID other than "default" (the built-in user has it); to replace the built-in user, give another ID and userName: "default"');
    }
    checkPattern(this, 'userName', userName, /^\S+$/, 'a non-empty name without whitespace');
    this.checkAccessString(userName);
    if (kind.authenticationType === AuthenticationType.NO_PASSWORD_REQUIRED && engine === Engine.VALKEY) {
      throw new ValidationError(this, 'engine', engine, 'Engine.REDIS: Valkey users cannot be created without a password (use PasswordUser or IamUser)');
    }
    if (kind.authenticationType === AuthenticationType.IAM && userName !== props.userId) {
      throw new ValidationError(this, 'userName', userName, `the same value as userId (${JSON.stringify(props.userId)}): IAM authentication requires it`);
    }

    let passwords: SecretValue[] | undefined;
    if (kind.authenticationType === AuthenticationType.PASSWORD) {
      if (kind.passwords === undefined) this.passwordSecret = generatePasswordSecret(this, userName);
      passwords = kind.passwords ?? [this.passwordSecret!.secretValueFromJson('password')];
      checkPasswords(this, passwords);
    }

    this.resource = new elasticache.CfnUser(this, 'Resource', {
      engine,
      userId: props.userId,
      userName,
      accessString: props.accessControl.accessString,
      authenticationMode: { Type: kind.authenticationType, Passwords: passwords?.map((p) => p.unsafeUnwrap()) },
      noPasswordRequired: kind.authenticationType === AuthenticationType.NO_PASSWORD_REQUIRED ? true : undefined,
    });
    if (this.passwordSecret) this.resource.node.addDependency(this.passwordSecret);
    tagResource(this, this.resource, props.tags);
    this.userArn = this.resource.attrArn;
    this.userStatus = this.resource.attrStatus;
  }

  private checkAccessString(userName: string): void {
    const accessString = this.accessString;
    if (isUncheckable(accessString)) return;
    const problem = findAccessStringProblem(accessString);
    if (problem) {
      throw new ValidationError(this, 'accessControl', accessString, `rule "${problem.rule}": ${problem.reason}`);
    }
    // A disabled `default` user is the usual way to lock the built-in user out, so it gets no warning.
    if (!enablesUser(accessString) && userName !== 'default') {
      Annotations.of(this).addWarningV2('cdk-elasticache:userOff',
        `The access string "${accessString}" does not contain "on": ElastiCache creates the user disabled.`);
    }
  }
}
