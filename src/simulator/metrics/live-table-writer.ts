/**
 * Where `simulate --metrics` shows its live table. On a terminal (a TTY stream) each refresh
 * replaces the previous table in place: the cursor moves up over the lines drawn last time and
 * clears to the end of the screen before the new table is written, so the table stays put while
 * its figures change. Anything else (a pipe, a CI log) gets one table after another, appended.
 * Other output written to the terminal in between (events, warnings) is never erased: the next
 * table is drawn below it.
 */

/** A stream the table is written to: a process stream or a test double. */
export interface TableStream {
  /** True for a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width: longer lines are cut, so every table line is one screen line. */
  readonly columns?: number;
  write(text: string): unknown;
}

const ESC = '\u001b[';

export class LiveTableWriter {
  /** Screen lines of the table drawn last (0: nothing to replace). */
  private drawnLines = 0;

  constructor(private readonly stream: TableStream) {}

  /** Whether refreshes replace the previous table. */
  public get redraws(): boolean {
    return this.stream.isTTY === true;
  }

  /** Other output reached the terminal: the next table goes below it instead of over the last one. */
  public interrupted(): void {
    this.drawnLines = 0;
  }

  /** Shows a table (lines separated by `\n`). */
  public show(table: string): void {
    const lines = table.replace(/\n+$/, '').split('\n');
    if (!this.redraws) {
      this.stream.write(`\n${lines.join('\n')}\n`);
      return;
    }
    const width = this.stream.columns;
    const fitted = width && width > 1 ? lines.map((l) => (l.length >= width ? l.slice(0, width - 1) : l)) : lines;
    const erase = this.drawnLines > 0 ? `${ESC}${this.drawnLines}A\r${ESC}J` : '';
    this.stream.write(`${erase}${fitted.join('\n')}\n`);
    this.drawnLines = fitted.length;
  }
}
