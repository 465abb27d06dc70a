// Internal face of the catalog for the constructs and the simulator (not exported from the package
// root): lookups, validation helpers, memory figures and documented limits.
export * from './allowed-values';
export * from './families';
export * from './lookup';
export * from './node-compatibility';
export * from './node-memory';
export * from './node-type-parameters';
export * from './parameter-group-rules';
export * from './parameter-validation';
export { FORMATS, LIMITS } from './data/quotas';
export type { FormatRule, NumericLimit } from './data/quotas';
export type * from './types';
