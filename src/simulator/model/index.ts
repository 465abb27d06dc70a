// Topology model of the simulator: validated caches, users, groups and endpoints.
export { describeTopology, DescribeOptions } from './describe';
export { elastiCacheHandlers } from './handlers';
export { ModelContext } from './context';
export { RESOURCE_SCHEMAS } from './property-schemas';
export { REJECTIONS } from './service-errors';
export { buildTopology, loadTopology, TopologyOptions } from './topology';
export * from './types';
