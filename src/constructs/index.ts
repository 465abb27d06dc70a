// Public constructs of cdk-elasticache (jsii-compatible). Each module exports its public types;
// internal helpers (validation, naming, windows, access-string parsing) are separate modules
// imported by the constructs directly and kept out of this list.
export * from './endpoint';
export * from './metrics';
export * from './alarms';
export * from './subnet-group';
export * from './parameter-group';
export * from './user-base';
export * from './rbac-user';
export * from './password-user';
export * from './no-password-user';
export * from './iam-user';
export * from './user-group';
export * from './serverless-cache-base';
export * from './serverless-cache';
