/**
 * What happened to the simulated caches (node failures, failovers, restarts), as ElastiCache
 * reports events: a time, the source and a message. The CLI prints them as they come.
 */

export interface SimulationEvent {
  readonly date: Date;
  /** Cache id the event is about. */
  readonly sourceId: string;
  readonly sourceType: 'replication-group' | 'cache-cluster' | 'serverless-cache';
  readonly message: string;
}

export class EventLog {
  private readonly list: SimulationEvent[] = [];
  private readonly listeners: ((event: SimulationEvent) => void)[] = [];

  public record(sourceId: string, sourceType: SimulationEvent['sourceType'], message: string): void {
    const event: SimulationEvent = { date: new Date(), sourceId, sourceType, message };
    this.list.push(event);
    for (const l of this.listeners) l(event);
  }

  public onEvent(listener: (event: SimulationEvent) => void): void {
    this.listeners.push(listener);
  }

  public get events(): readonly SimulationEvent[] {
    return this.list;
  }
}
