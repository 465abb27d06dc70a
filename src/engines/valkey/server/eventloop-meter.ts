/**
 * INFO's event-loop figures (redis 7.2 duration_stats): how many loop iterations did work for this
 * server, how long they took, and how much of it ran commands. One Node turn in which this server
 * ran commands counts as one cycle (from its first command's start to its last command's end), and
 * so does each cron tick; an idle server still cycles at `hz`, as redis' timer events make it.
 */
import { atTurnEnd } from '../util/turn-end';

export class EventLoopMeter {
  public cycles = 0;
  /** Microseconds spent in cycles (commands and cron work). */
  public durationSumUs = 0;
  /** Microseconds spent in top-level commands. */
  public commandSumUs = 0;
  private turnOpen = false;
  private turnStart = 0;
  private turnEnd = 0;
  private readonly close = (): void => this.closeTurn();

  /** A top-level command ran from `startMs` to `endMs` (performance.now() times). */
  public command(startMs: number, endMs: number): void {
    this.commandSumUs += Math.round((endMs - startMs) * 1000);
    if (!this.turnOpen) {
      this.turnOpen = true;
      this.turnStart = startMs;
      this.cycles++;
      // The turn ends once Node has run this iteration's I/O callbacks.
      atTurnEnd(this.close);
    }
    this.turnEnd = endMs;
  }

  /** Ends the open turn (called once Node has run the turn's I/O callbacks). */
  public closeTurn(): void {
    this.turnOpen = false;
    this.durationSumUs += Math.round((this.turnEnd - this.turnStart) * 1000);
  }

  /** A cron tick took `durationMs`. */
  public cronTick(durationMs: number): void {
    this.cycles++;
    this.durationSumUs += Math.round(durationMs * 1000);
  }
}
