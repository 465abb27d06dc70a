/**
 * Starting a simulation with its managed service: the topology read from the input, the resource
 * store over it (with what a state directory kept from the last run), the running caches, then the
 * API endpoint. The facade and the CLI both start through here.
 */
import * as path from 'path';
import { SimulatorClock } from '../clock';
import type { LifecycleSpeed } from '../lifecycle/timings';
import type { Topology } from '../model';
import { Simulation, SimulationOptions } from '../runtime';
import { BlobStore, DirectoryBlobStore, MemoryBlobStore } from '../snapshots/blob-store';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../template';
import { ManagedService } from './managed-service';
import { ResourceStore } from './store/resource-store';
import { StatePersistence } from './store/state-persistence';

export interface ManagedStartOptions extends Omit<SimulationOptions, 'now' | 'stateDir'> {
  readonly stateDir?: string;
  readonly account?: string;
  readonly region?: string;
  /** Port of the API endpoint. @default a free port */
  readonly controlPlanePort?: number;
  readonly credentials?: Readonly<Record<string, string>>;
  readonly speed?: LifecycleSpeed;
  /** A virtual clock that moves only when advanced. @default false (wall time) */
  readonly virtualClock?: boolean;
  /** A clock to share with other services (CloudWatch). @default a new clock */
  readonly clock?: SimulatorClock;
  readonly onError?: (what: string, err: unknown) => void;
}

export interface ManagedSimulation {
  readonly simulation: Simulation;
  readonly service: ManagedService;
  readonly clock: SimulatorClock;
  /** Stops the API, keeps state for the next run (with a state directory), stops every cache. */
  stop(): Promise<void>;
}

export async function startManagedSimulation(topology: Topology, options: ManagedStartOptions = {}): Promise<ManagedSimulation> {
  const clock = options.clock ?? (options.virtualClock ? SimulatorClock.virtual() : SimulatorClock.real());
  const account = options.account ?? DEFAULT_ACCOUNT;
  const region = options.region ?? DEFAULT_REGION;
  const blobs: BlobStore = options.stateDir ? new DirectoryBlobStore(path.join(options.stateDir, 'service')) : new MemoryBlobStore();
  const store = new ResourceStore(topology, account, region, clock.now());
  const persistence = new StatePersistence(blobs);
  persistence.load(store);
  const simulation = await Simulation.start(store.topology, { ...options, stateDir: options.stateDir, now: () => clock.now() });
  let service: ManagedService | undefined;
  try {
    service = await ManagedService.start(store, simulation, {
      host: options.host ?? '127.0.0.1',
      port: options.controlPlanePort ?? 0,
      clock,
      speed: options.speed,
      blobs,
      credentials: options.credentials,
      onError: options.onError,
    });
    await persistence.reloadData(service.context);
    persistence.resumePending(service.context);
  } catch (err) {
    await service?.stop();
    await simulation.stop();
    throw err;
  }
  const running = service;
  let stopped = false;
  return {
    simulation,
    service: running,
    clock,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await running.stop();
      if (options.stateDir) persistence.save(running.context);
      await simulation.stop();
    },
  };
}
