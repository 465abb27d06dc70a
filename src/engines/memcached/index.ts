// The Memcached engine: memcached 1.6 semantics (text, meta and binary protocols, slabs and
// segmented LRU) plus ElastiCache Auto Discovery, as a standalone server or embedded.
export { MemcachedServer, MemcachedServerOptions } from './server';
export { ClusterNode, ClusterConfig, LEGACY_DISCOVERY_KEY } from './discovery';
export { MemcachedConfigError, knownParameterNames, DEFAULT_VERSION } from './settings';
export { computeSlabClasses, SlabClassInfo } from './slabs';
