/**
 * What happened to the simulated caches (node failures, failovers, restarts), as ElastiCache
 * reports events: a time, the source and a message. The CLI prints them as they come.
 */

/** The event source types of DescribeEvents. */
export type EventSourceType =
  | 'replication-group' | 'cache-cluster' | 'serverless-cache' | 'serverless-cache-snapshot'
  | 'cache-parameter-group' | 'cache-subnet-group' | 'cache-security-group' | 'user' | 'user-group';

export interface SimulationEvent {
  readonly date: Date;
  /** Id of the resource the event is about. */
  readonly sourceId: string;
  readonly sourceType: EventSourceType;
  readonly message: string;
}

export class EventLog {
  private readonly list: SimulationEvent[] = [];
  private readonly listeners: ((event: SimulationEvent) => void)[] = [];

  /** @param now the simulator clock (events carry its time). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  public record(sourceId: string, sourceType: EventSourceType, message: string): void {
    const event: SimulationEvent = { date: this.now(), sourceId, sourceType, message };
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
