import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { AuthenticationType, RbacUser } from './rbac-user';
import { UserBaseProps } from './user-base';

/** Properties of a `PasswordUser`. */
export interface PasswordUserProps extends UserBaseProps {
  /**
   * The name the user authenticates with.
   * @default the userId
   */
  readonly userName?: string;

  /**
   * One or two passwords, each 16 to 128 printable characters without `,` `"` `/` `@`. Use
   * Secrets Manager references (`SecretValue.secretsManager(...)`): a plain-text value ends up in the
   * template, and CloudFormation does not resolve SSM SecureString references here.
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
export class PasswordUser extends RbacUser {
  constructor(scope: Construct, id: string, props: PasswordUserProps) {
    super(scope, id, props, {
      authenticationType: AuthenticationType.PASSWORD,
      defaultEngine: Engine.VALKEY,
      userName: props.userName,
      passwords: props.passwords,
    });
  }

  /**
   * The generated secret holding `{ "username": ..., "password": ... }`; undefined when passwords
   * were given.
   */
  public get generatedSecret(): secretsmanager.ISecret | undefined {
    return this.passwordSecret;
  }
}
