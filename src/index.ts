// Public API of cdk-elasticache. Everything exported here must be jsii-compatible.
export * from './catalog';
export * from './constructs';
export { Simulator, SimulatorOptions, SimulatedAddress, SimulatedEndpoint, SimulatedEndpointType, SimulatedLifecycleSpeed } from './simulator/simulator';
export { SimulatorFixture } from './simulator/testing';
