/**
 * Work that outlives the API call that started it (a cache being created, a slot migration, a
 * snapshot): it runs in the background on the simulator clock, and its failures are reported
 * instead of thrown at a caller that has already had its response. `settled()` lets tests and a
 * clean shutdown wait for all of it.
 */
import type { SimulatorClock } from '../clock';

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly clock: SimulatorClock, private readonly onError: (what: string, err: unknown) => void) {}

  /** Starts `work`; the returned promise never rejects. */
  public start(what: string, work: () => Promise<void>): Promise<void> {
    const task = (async () => {
      try {
        await work();
      } catch (err) {
        this.onError(what, err);
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Resolves after `ms` of simulator time. */
  public sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  /** Resolves when no background work is left (work started meanwhile included). */
  public async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  public get count(): number {
    return this.running.size;
  }
}
