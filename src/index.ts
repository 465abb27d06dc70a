// Public API of cdk-elasticache. Everything exported here must be jsii-compatible.
export * from './catalog';
export * from './constructs';
