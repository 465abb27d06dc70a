/**
 * The managed service around a running simulation: the resource store, the lifecycle clock, the
 * snapshots and the ElastiCache API endpoint. It starts after the template's caches run, serves
 * the API until stopped, and (with a state directory) keeps resources, snapshots and data for the
 * next run.
 */
import type { SimulatorClock } from '../clock';
import { BackgroundTasks } from '../lifecycle/tasks';
import { LifecycleSpeed, timingsFor } from '../lifecycle/timings';
import type { Simulation } from '../runtime';
import type { ServiceContext } from './context';
import { AutomaticBackups } from '../snapshots/automatic-backups';
import type { BlobStore } from '../snapshots/blob-store';
import { SnapshotService } from '../snapshots/snapshot-service';
import { ActionHandler, ControlPlaneServer } from './http/server';
import { allActions } from './operations';
import type { ResourceStore } from './store/resource-store';

export interface ManagedServiceOptions {
  readonly host: string;
  /** Port of the API endpoint (0: a free one). */
  readonly port: number;
  readonly clock: SimulatorClock;
  readonly speed?: LifecycleSpeed;
  readonly blobs: BlobStore;
  /** Access key id → secret access key; undefined accepts any signature. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** Reports failures of background work (the CLI prints them; tests fail on them). */
  readonly onError?: (what: string, err: unknown) => void;
}

export class ManagedService {
  public static async start(store: ResourceStore, simulation: Simulation, options: ManagedServiceOptions): Promise<ManagedService> {
    const service = new ManagedService(store, simulation, options);
    await service.server.start();
    return service;
  }

  public readonly context: ServiceContext;
  public readonly errors: { what: string; error: unknown }[] = [];
  private readonly server: ControlPlaneServer;
  private readonly backups: AutomaticBackups;

  private constructor(store: ResourceStore, simulation: Simulation, private readonly options: ManagedServiceOptions) {
    const onError = (what: string, err: unknown) => {
      this.errors.push({ what, error: err });
      options.onError?.(what, err);
    };
    const tasks = new BackgroundTasks(options.clock, onError);
    options.clock.onError = (err) => onError('scheduled work', err);
    const timings = timingsFor(options.speed);
    const snapshots = new SnapshotService({ store, simulation, clock: options.clock, timings, tasks, blobs: options.blobs });
    this.context = { store, simulation, clock: options.clock, timings, tasks, snapshots, seed: simulation.topology.seed };
    this.backups = new AutomaticBackups(this.context, options.clock);
    // Any call may add a cache or move a backup window: the backup schedule follows.
    const actions: Record<string, ActionHandler> = {};
    for (const [name, handler] of Object.entries(allActions(this.context))) {
      actions[name] = async (request) => {
        try {
          return await handler(request);
        } finally {
          this.backups.arm();
        }
      };
    }
    this.backups.arm();
    this.server = new ControlPlaneServer({
      host: options.host,
      port: options.port,
      defaultRegion: store.defaultRegion,
      credentials: options.credentials,
      actions,
      onInternalError: (err, action) => onError(`API action ${action}`, err),
    });
  }

  /** `http://127.0.0.1:port`: the endpoint for `@aws-sdk/client-elasticache`. */
  public get endpoint(): string {
    return this.server.url;
  }

  /** Resolves when every background operation (creations, snapshots, scaling) has finished. */
  public settled(): Promise<void> {
    return this.context.tasks.settled();
  }

  public async stop(): Promise<void> {
    await this.server.stop();
    this.backups.stop();
    this.options.clock.stop();
  }
}
