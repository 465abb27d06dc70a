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
export * from './node-metrics';
export * from './node-cache-options';
export * from './node-cache-base';
export * from './backup';
export * from './log-delivery';
export * from './cache-access';
export * from './memcached-cluster';
export * from './replication-group-base';
export * from './provisioned-replication-group';
export * from './replication-group';
export * from './cluster-mode-replication-group';
export * from './global-datastore';
