// Public constructs of cdk-elasticache (jsii-compatible). Internal helpers (validation, naming,
// windows, access-string parsing, metric tables, alarm specs) are imported by the constructs
// directly and stay out of the public API.
export { Endpoint } from './endpoint';
export { CommandCategory, MemcachedCommandMetric } from './metrics';
export { AlarmSettings, RecommendedAlarmsOptions } from './alarms';
export { ISubnetGroup, SubnetGroup, SubnetGroupProps } from './subnet-group';
export { IParameterGroup, ParameterGroup, ParameterGroupProps } from './parameter-group';
export { AccessControl, IUser, UserAttributes, UserBase, UserBaseProps } from './user-base';
export { PasswordUser, PasswordUserProps } from './password-user';
export { NoPasswordUser, NoPasswordUserProps } from './no-password-user';
export { IamUser, IamUserProps } from './iam-user';
export { IUserGroup, UserGroup, UserGroupAttributes, UserGroupProps } from './user-group';
export { IServerlessCache, ServerlessCacheAttributes, ServerlessCacheBase } from './serverless-cache-base';
export { BackupSettings, CacheUsageLimits, ServerlessCache, ServerlessCacheAlarmsProps, ServerlessCacheProps } from './serverless-cache';
