// The simulator's runtime: running caches, endpoints, replication, failover, TLS.
export { AddressMap, LocalAddress } from './address-map';
export { EventLog, EventSourceType, SimulationEvent } from './events';
export { ConnectionTarget, Endpoint, LocalEndpoint } from './network/endpoint';
export { EndpointListener, TransitMode } from './network/listener';
export { PortAllocator } from './network/ports';
export { CacheRuntimeRegistry, defaultRuntimes } from './registry';
export { NotStartedCache, Simulation, SimulationOptions } from './simulation';
export { TlsAuthority } from './tls/authority';
export { cacheIdOf, CacheRuntime, NodeStatus, RunningCache, RuntimeContext, SimulationError } from './types';
export { ClusterGroup } from './valkey/cluster-group';
export { RESTRICTED_COMMANDS, RESTRICTED_SUBCOMMANDS } from './valkey/restricted';
