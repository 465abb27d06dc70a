/**
 * The public face of the simulator: start the ElastiCache resources of a stack, an app, a cloud
 * assembly or a template as local caches, reach them through their endpoints, inject failures,
 * stop them. Starting needs the event loop (listeners bind asynchronously), so the `from*`
 * factories return promises; in languages other than TypeScript they are jsii async methods.
 */
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { LocalCloudWatch } from './cloudwatch/local-cloudwatch';
import { ManagedSimulation, startManagedSimulation } from './control-plane/start';
import { loadTopology, TopologyOptions } from './model';
import { LocalEndpoint, Simulation } from './runtime';
import { LocalSecretsManager } from './secrets-manager/local-secrets-manager';
import type { TemplateInput } from './template';

/** The endpoints a cache can have. */
export enum SimulatedEndpointType {
  /** Primary endpoint of a replication group with cluster mode disabled. */
  PRIMARY = 'primary',
  /** Reader endpoint of a replication group with cluster mode disabled. */
  READER = 'reader',
  /** Configuration endpoint of a cluster-mode replication group or a Memcached cluster. */
  CONFIGURATION = 'configuration',
  /** A cache node's own endpoint. */
  NODE = 'node',
  /** Endpoint of a serverless cache. */
  SERVERLESS = 'serverless',
  /** Reader endpoint of a serverless cache. */
  SERVERLESS_READER = 'serverless-reader',
}

/** How long managed operations (create, modify, delete, snapshot, failover) take. */
export enum SimulatedLifecycleSpeed {
  /** Every status is observable, yet SDK waiters finish within a second or two. */
  FAST = 'fast',
  /** Durations of the order the service documents (minutes); for tests that advance a virtual clock. */
  REALISTIC = 'realistic',
}

/** How to start a simulator. */
export interface SimulatorOptions {
  /**
   * First local port; endpoints take the ports from there upwards, skipping ports in use.
   * @default - free ports picked by the operating system (parallel test files never collide)
   */
  readonly basePort?: number;
  /**
   * Directory for state kept between runs: the certificate authority (clients trust it once), the
   * resources created or changed through the control-plane API, snapshots, bucket objects, and
   * the data of Valkey / Redis OSS caches (written on `stop`, loaded on start).
   * @default - nothing is kept; everything lives in memory
   */
  readonly stateDir?: string;
  /**
   * Address every listener binds to.
   * @default '127.0.0.1'
   */
  readonly bindAddress?: string;
  /**
   * Stacks to start from an app or a cloud assembly (names, artifact ids or paths; `*` globs).
   * @default - every stack
   */
  readonly stacks?: string[];
  /**
   * Template parameter values, for every stack that declares the parameter.
   * @default - the parameters' defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * Values of `AWS::SecretsManager::Secret` resources by name, ARN or logical id.
   * @default - generated as `GenerateSecretString` describes
   */
  readonly secretValues?: { [secret: string]: string };
  /**
   * Seed of generated names, endpoint hashes and secret values (the same seed gives the same endpoints).
   * @default - a random seed per simulator
   */
  readonly seed?: string;
  /**
   * Account of stacks and templates that do not name one.
   * @default '123456789012'
   */
  readonly account?: string;
  /**
   * Region of stacks and templates that do not name one.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Milliseconds before replicas apply a write of their primary (to observe replication lag).
   * @default 0 - replicas apply writes at the end of the event-loop turn that wrote them, after its replies
   */
  readonly replicationDelayMs?: number;
  /**
   * Local port of the control-plane API endpoint (`controlPlaneEndpoint`).
   * @default - a free port picked by the operating system
   */
  readonly controlPlanePort?: number;
  /**
   * Credentials the control plane checks SigV4 signatures against (access key id → secret access key).
   * @default - any credentials are accepted, signed or not
   */
  readonly credentials?: { [accessKeyId: string]: string };
  /**
   * How long managed operations take on the simulator clock.
   * @default SimulatedLifecycleSpeed.FAST
   */
  readonly lifecycleSpeed?: SimulatedLifecycleSpeed;
  /**
   * A virtual clock for managed operations (status transitions, backup and maintenance windows,
   * event times): it moves only through `advanceClock`.
   * @default false - wall time
   */
  readonly virtualClock?: boolean;
  /**
   * Local port of the CloudWatch API endpoint (`cloudWatchEndpoint`): the caches' metrics, once a
   * minute of simulator time, and the template's alarms evaluated on them.
   * @default - a free port picked by the operating system
   */
  readonly cloudWatchPort?: number;
  /**
   * Local port of the Secrets Manager API endpoint (`secretsManagerEndpoint`): the template's
   * secrets, read only.
   * @default - a free port picked by the operating system
   */
  readonly secretsManagerPort?: number;
}

/** Where a client reaches a simulated endpoint. */
export interface SimulatedEndpoint {
  /** The hostname ElastiCache would publish for this endpoint. */
  readonly hostname: string;
  /** The port ElastiCache would publish. */
  readonly servicePort: number;
  /** Local address to connect to. */
  readonly host: string;
  /** Local port to connect to. */
  readonly port: number;
  /** True when the endpoint speaks TLS (trust `caCertificatePem`). */
  readonly tls: boolean;
  /** True when the endpoint also accepts plain connections (TransitEncryptionMode preferred). */
  readonly acceptsPlain: boolean;
  /** Endpoint type (`primary`, `reader`, `configuration`, `node`). */
  readonly type: string;
  /**
   * Node id, for node endpoints.
   * @default - not a node endpoint
   */
  readonly nodeId?: string;
}

/** A local address. */
export interface SimulatedAddress {
  /** Local host to connect to. */
  readonly host: string;
  /** Local port to connect to. */
  readonly port: number;
}

const ELASTICACHE_CACHE_TYPES = ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ServerlessCache'];

function toSimulated(e: LocalEndpoint): SimulatedEndpoint {
  return {
    hostname: e.hostname,
    servicePort: e.servicePort,
    host: e.host,
    port: e.port,
    tls: e.tls,
    acceptsPlain: e.transit !== 'required',
    type: e.kind,
    nodeId: e.nodeId,
  };
}

/** The cache resource behind a construct: the construct itself, its default child, or one child. */
function cacheResourceOf(construct: IConstruct): CfnResource {
  const candidates = [construct, construct.node.defaultChild, ...construct.node.children]
    .filter((c): c is CfnResource => c instanceof CfnResource && ELASTICACHE_CACHE_TYPES.includes(c.cfnResourceType));
  if (candidates.length === 0) {
    throw new Error(`${construct.node.path} is not an ElastiCache cache (no ${ELASTICACHE_CACHE_TYPES.join(', ')} resource found)`);
  }
  return candidates[0];
}

/** Synthesizes an app or a stage and returns its cloud assembly directory. */
function synthesize(stage: Stage): string {
  return stage.synth().directory;
}

export class Simulator {
  /**
   * Starts the caches of one stack (synthesized in process, with its nested stacks and the stacks
   * it imports values from). TypeScript only: other languages use `fromAssembly` after `cdk synth`.
   */
  public static async fromStack(stack: Stack, options: SimulatorOptions = {}): Promise<Simulator> {
    const stage = Stage.of(stack);
    if (!stage) throw new Error(`${stack.node.path} is not in an App or a Stage`);
    return Simulator.start({ assemblyDir: synthesize(stage), stacks: [stack.artifactId] }, options);
  }

  /** Starts the caches of every stack of an app or a stage (or `options.stacks`). */
  public static async fromApp(app: Stage, options: SimulatorOptions = {}): Promise<Simulator> {
    return Simulator.start({ assemblyDir: synthesize(app), stacks: options.stacks }, options);
  }

  /** Starts the caches of a cloud assembly directory (`cdk.out`). */
  public static async fromAssembly(directory: string, options: SimulatorOptions = {}): Promise<Simulator> {
    return Simulator.start({ assemblyDir: directory, stacks: options.stacks }, options);
  }

  /** Starts the caches of one CloudFormation template file (JSON or YAML). */
  public static async fromTemplateFile(file: string, options: SimulatorOptions = {}): Promise<Simulator> {
    return Simulator.start({ templateFile: file, account: options.account, region: options.region }, options);
  }

  /** Starts the caches of a template given as an object. */
  public static async fromTemplate(template: any, options: SimulatorOptions = {}): Promise<Simulator> {
    return Simulator.start({ template, account: options.account, region: options.region }, options);
  }

  private static async start(input: TemplateInput, options: SimulatorOptions): Promise<Simulator> {
    const topologyOptions: TopologyOptions = {
      seed: options.seed,
      account: options.account,
      region: options.region,
      parameters: options.parameters,
      secretValues: options.secretValues,
    };
    const topology = loadTopology(input, topologyOptions);
    const managed = await startManagedSimulation(topology, {
      basePort: options.basePort,
      stateDir: options.stateDir,
      host: options.bindAddress,
      replicationDelayMs: options.replicationDelayMs,
      account: options.account,
      region: options.region,
      controlPlanePort: options.controlPlanePort,
      credentials: options.credentials,
      speed: options.lifecycleSpeed === SimulatedLifecycleSpeed.REALISTIC ? 'realistic' : 'fast',
      virtualClock: options.virtualClock,
    });
    const cloudWatch = LocalCloudWatch.start({
      clock: managed.clock, caches: () => managed.simulation.caches, topology, account: options.account, region: options.region,
    });
    const secretsManager = new LocalSecretsManager(topology.secrets, managed.clock.now(), options.bindAddress ?? '127.0.0.1', options.secretsManagerPort ?? 0);
    try {
      await cloudWatch.serve(options.bindAddress ?? '127.0.0.1', options.cloudWatchPort ?? 0);
      await secretsManager.serve();
    } catch (err) {
      await secretsManager.stop();
      await cloudWatch.stop();
      await managed.stop();
      throw err;
    }
    return new Simulator(managed, cloudWatch, secretsManager);
  }

  private readonly simulation: Simulation;

  private constructor(
    private readonly managed: ManagedSimulation,
    private readonly cloudWatch: LocalCloudWatch,
    private readonly secretsManager: LocalSecretsManager,
  ) {
    this.simulation = managed.simulation;
  }

  /** URL of the CloudWatch API (`endpoint` of `@aws-sdk/client-cloudwatch`): metrics, alarms, dashboards. */
  public get cloudWatchEndpoint(): string {
    return this.cloudWatch.url!;
  }

  /**
   * URL of the Secrets Manager API (`endpoint` of `@aws-sdk/client-secrets-manager`):
   * `GetSecretValue`, `DescribeSecret` and `ListSecrets` over the template's secrets, with the
   * values the caches accept.
   */
  public get secretsManagerEndpoint(): string {
    return this.secretsManager.url;
  }

  /**
   * A snapshot of the template's `AWS::CloudWatch::Dashboard` metric widgets (or, without
   * dashboards, of every cache's default metrics) over the last three hours of simulator time, as
   * one self-contained HTML page with SVG charts.
   */
  public dashboardSnapshotHtml(): string {
    return this.cloudWatch.dashboardHtml();
  }

  /** URL of the ElastiCache API (`endpoint` of `@aws-sdk/client-elasticache`), e.g. `http://127.0.0.1:43121`. */
  public get controlPlaneEndpoint(): string {
    return this.managed.service.endpoint;
  }

  /** The simulator clock's time. */
  public get now(): Date {
    return this.managed.clock.now();
  }

  /** Moves a virtual clock forward, running what falls due (status transitions, automatic backups). */
  public async advanceClock(milliseconds: number): Promise<void> {
    await this.managed.clock.advance(milliseconds);
  }

  /** Resolves when no managed operation is in progress (creations, scaling, snapshots). */
  public async settle(): Promise<void> {
    await this.managed.service.settled();
  }

  /** PEM of the CA that signed the TLS endpoints' certificates (trust it in clients). */
  public get caCertificatePem(): string {
    return this.simulation.tls.caCertificatePem;
  }

  /** Ids of the caches that run (replication group ids, cache cluster ids). */
  public get cacheIds(): string[] {
    return this.simulation.caches.map((c) => c.id);
  }

  /**
   * An endpoint of a cache, by id, logical id or `stack/logicalId`: of the given type, or the
   * cache's main endpoint (primary, configuration, or its only node) when none is given.
   */
  public endpoint(cache: string, type?: SimulatedEndpointType): SimulatedEndpoint {
    return toSimulated(this.simulation.endpoint(cache, type));
  }

  /** An endpoint of the cache a construct defines (an L1 resource or an L2 whose default child is one). */
  public endpointOf(construct: IConstruct, type?: SimulatedEndpointType): SimulatedEndpoint {
    return this.endpoint(this.cacheRef(construct), type);
  }

  /** The endpoint of one node (`app-0001-002`, or `0002` for Memcached). */
  public nodeEndpoint(cache: string, nodeId: string): SimulatedEndpoint {
    return toSimulated(this.simulation.endpoint(cache, 'node', nodeId));
  }

  /** The local endpoint behind an AWS-format hostname, if any cache publishes it. */
  public resolveHostname(hostname: string): SimulatedEndpoint | undefined {
    const found = this.simulation.addressMap.resolve(hostname);
    return found ? toSimulated(found) : undefined;
  }

  /**
   * `hostname:port` → local address for every endpoint, with the published port and with the
   * local one (nodes announce hostnames with their local port): use it as ioredis `natMap` or
   * node-redis `nodeAddressMap`.
   */
  public addressMap(): { [hostAndPort: string]: SimulatedAddress } {
    return this.simulation.addressMap.natMap();
  }

  /** The topology and its runtime state as JSON (secrets masked unless `revealSecrets`). */
  public describe(revealSecrets?: boolean): { [key: string]: any } {
    return this.simulation.describe({ revealSecrets: revealSecrets ?? false });
  }

  /** Promotes the most up-to-date replica of a shard (`0001`; optional with one shard), as TestFailover does. */
  public async failover(cache: string, shard?: string): Promise<void> {
    await this.simulation.failover(cache, shard);
  }

  /** Stops a node as if it failed (a primary fails over when automatic failover is on). */
  public async stopNode(cache: string, nodeId: string): Promise<void> {
    await this.simulation.stopNode(cache, nodeId);
  }

  /** Starts a stopped node again (empty; a replica resynchronizes from its primary). */
  public async startNode(cache: string, nodeId: string): Promise<void> {
    await this.simulation.startNode(cache, nodeId);
  }

  /** Online resharding, first step: a slot of a cluster-mode group starts moving to another shard (ASK redirections). */
  public beginSlotMigration(cache: string, slot: number, targetShard: string): void {
    this.simulation.clusterGroup(cache).beginSlotMigration(slot, targetShard);
  }

  /** Online resharding, last step: the slot's keys move and the target shard owns it (MOVED redirections). */
  public completeSlotMigration(cache: string, slot: number): void {
    this.simulation.clusterGroup(cache).completeSlotMigration(slot);
  }

  /** Stops the control plane and every cache (keeping state in `stateDir`); the simulator cannot be used afterwards. */
  public async stop(): Promise<void> {
    await this.secretsManager.stop();
    await this.cloudWatch.stop();
    await this.managed.stop();
  }

  /**
   * The runtime behind this simulator (events, per-cache state), for this package's own tools.
   * @internal
   */
  public get _runtime(): Simulation {
    return this.simulation;
  }

  /**
   * The managed service behind this simulator (store, snapshots, clock), for this package's own tools.
   * @internal
   */
  public get _managed(): ManagedSimulation {
    return this.managed;
  }

  /**
   * The simulator's CloudWatch (metric store, collector, alarms), for this package's own tools.
   * @internal
   */
  public get _cloudWatch(): LocalCloudWatch {
    return this.cloudWatch;
  }

  private cacheRef(construct: IConstruct): string {
    const resource = cacheResourceOf(construct);
    const stack = Stack.of(resource);
    const logicalId = stack.resolve(resource.logicalId) as string;
    const qualified = `${stack.stackName}/${logicalId}`;
    return this.simulation.caches.some((c) => `${c.model.origin.stack}/${c.model.origin.logicalId}` === qualified) ? qualified : logicalId;
  }
}
