import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { AuthenticationType, RbacUser } from './rbac-user';
import { UserBaseProps } from './user-base';

/** Properties of a `NoPasswordUser`. */
export interface NoPasswordUserProps extends UserBaseProps {
  /**
   * The name the user authenticates with.
   * @default the userId
   */
  readonly userName?: string;
}

/**
 * An RBAC user that needs no password (`AWS::ElastiCache::User`, authentication type
 * `no-password-required`). Only Redis OSS users can be created this way (the engine defaults to
 * Redis OSS); ElastiCache refuses it for Valkey. Give such users narrow access strings.
 *
 * @resource AWS::ElastiCache::User
 */
export class NoPasswordUser extends RbacUser {
  constructor(scope: Construct, id: string, props: NoPasswordUserProps) {
    super(scope, id, props, {
      authenticationType: AuthenticationType.NO_PASSWORD_REQUIRED,
      defaultEngine: Engine.REDIS,
      userName: props.userName,
    });
  }
}
