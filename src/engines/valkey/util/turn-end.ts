/**
 * Work to run once Node has run this event-loop iteration's I/O callbacks, before it polls again:
 * where redis' beforeSleep writes the replies of the iteration. Every server of the process (a
 * simulator runs many) and every event-loop meter shares one immediate per turn, instead of one
 * each: an immediate is an allocation and a callback from the event loop every turn.
 */
import { TurnList } from './turn-list';

const due = new TurnList<() => void>();
let immediate: NodeJS.Immediate | undefined;

/** Calls a task (for `TurnList.drain`). */
export const runTask = (task: () => void): void => task();

function runDue(): void {
  immediate = undefined;
  // Tasks queued from here on (a task's own work) run on the next turn.
  due.drain(runTask);
}

/**
 * Runs `task` at the end of this turn, after the tasks queued before it. Queue a task once per
 * turn (keep a flag): a task queued twice runs twice.
 */
export function atTurnEnd(task: () => void): void {
  due.push(task);
  immediate ??= setImmediate(runDue);
}
