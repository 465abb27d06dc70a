import { Annotations, SecretValue, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { UserBase, UserBaseProps } from './user-base';
import { createUserResource } from './user-resource';
import { ValidationError } from './validation';

/** Characters ElastiCache refuses in RBAC passwords. */
const FORBIDDEN_PASSWORD_CHARS = ',"/@';
/**
 * Characters left out of generated passwords: those ElastiCache refuses, plus those that break
 * `redis://user:password@host` URLs and shell quoting, so the secret works everywhere unescaped.
 */
const EXCLUDED_FROM_GENERATED = `${FORBIDDEN_PASSWORD_CHARS}:%?#&\\'\`{}[]|<>=;`;
const GENERATED_PASSWORD_LENGTH = 32;

/** Properties of a `PasswordUser`. */
export interface PasswordUserProps extends UserBaseProps {
  /**
   * The name the user authenticates with.
   * @default the userId
   */
  readonly userName?: string;

  /**
   * One or two passwords, each 16 to 128 printable characters without `,` `"` `/` `@`. Prefer
   * references (`SecretValue.secretsManager(...)`): a plain-text value ends up in the template.
   * @default one password generated in a new Secrets Manager secret (see `generatedSecret`)
   */
  readonly passwords?: SecretValue[];
}

/**
 * An RBAC user that authenticates with a password (`AWS::ElastiCache::User`, authentication type
 * `password`). Unless passwords are given, a Secrets Manager secret `{ "username", "password" }`
 * is generated and referenced, so the password never appears in the template.
 *
 * @resource AWS::ElastiCache::User
 */
export class PasswordUser extends UserBase {
  public readonly userId: string;
  public readonly userArn: string;
  /** The name the user authenticates with. */
  public readonly userName?: string;
  /** The engine of the user (always set for users created here). */
  public readonly engine?: Engine;

  /**
   * The access string of the user.
   */
  public readonly accessString: string;

  /**
   * The status of the user (`active`, `modifying`, `deleting`).
   * @attribute
   */
  public readonly userStatus: string;

  private readonly secret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: PasswordUserProps) {
    super(scope, id);
    const engine = props.engine ?? Engine.VALKEY;
    this.engine = engine;
    this.userId = props.userId;
    const userName = props.userName ?? props.userId;
    this.userName = userName;
    this.accessString = props.accessControl.accessString;

    let passwords = props.passwords;
    if (passwords === undefined) {
      this.secret = new secretsmanager.Secret(this, 'Secret', {
        description: `Password of the ElastiCache user ${userName} (${this.node.path})`,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: userName }),
          generateStringKey: 'password',
          passwordLength: GENERATED_PASSWORD_LENGTH,
          excludeCharacters: EXCLUDED_FROM_GENERATED,
          includeSpace: false,
        },
      });
      passwords = [this.secret.secretValueFromJson('password')];
    }
    this.checkPasswords(passwords);

    const resource = createUserResource(this, props, engine, userName, {
      authenticationMode: { Type: 'password', Passwords: passwords.map((p) => p.unsafeUnwrap()) },
    });
    if (this.secret) resource.node.addDependency(this.secret);
    this.userArn = resource.attrArn;
    this.userStatus = resource.attrStatus;
  }

  /**
   * The generated secret holding `{ "username": ..., "password": ... }`; undefined when passwords
   * were given.
   */
  public get generatedSecret(): secretsmanager.ISecret | undefined {
    return this.secret;
  }

  /** 1 or 2 passwords; plain-text ones are also checked for length and characters (with a warning). */
  private checkPasswords(passwords: SecretValue[]): void {
    if (passwords.length < 1 || passwords.length > 2) {
      throw new ValidationError(this, 'passwords', `${passwords.length} passwords`, '1 or 2 passwords');
    }
    passwords.forEach((password, i) => {
      const resolved = JSON.stringify(Stack.of(this).resolve(password));
      if (resolved.includes('{{resolve:ssm-secure:')) {
        // CloudFormation resolves SecureString parameters only in a fixed list of properties, which
        // does not include ElastiCache user passwords: the deployment would fail.
        throw new ValidationError(this, `passwords[${i}]`, 'an SSM SecureString reference',
          'a Secrets Manager reference or plain text: CloudFormation does not resolve ssm-secure references in AWS::ElastiCache::User');
      }
      const plain = plainTextOf(this, password);
      if (plain === undefined) return;
      const bad = [...FORBIDDEN_PASSWORD_CHARS].filter((c) => plain.includes(c));
      // The value itself is never echoed into the error: it is a secret.
      if (plain.length < 16 || plain.length > 128 || !/^[\x20-\x7e]+$/.test(plain) || bad.length > 0) {
        throw new ValidationError(this, `passwords[${i}]`, `(a ${plain.length}-character plain-text value${bad.length ? ' containing ' + bad.join(' ') : ''})`,
          '16 to 128 printable ASCII characters, without , " / @');
      }
      Annotations.of(this).addWarningV2('cdk-elasticache:plainTextPassword',
        `passwords[${i}] is plain text and will be visible in the template; use a Secrets Manager or SSM reference.`);
    });
  }
}

/** The literal text of a SecretValue that is not a reference, or undefined for references. */
function plainTextOf(scope: Construct, value: SecretValue): string | undefined {
  const resolved = Stack.of(scope).resolve(value);
  if (typeof resolved !== 'string' || resolved.includes('{{resolve:')) return undefined;
  return resolved;
}
