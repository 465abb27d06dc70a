/**
 * The live table's writer: on a TTY each refresh moves the cursor up over the previous table and
 * clears below before drawing, output in between is kept, long lines are cut to the terminal
 * width; on anything else tables are appended one after another without escape sequences.
 */
import { LiveTableWriter } from '../../../src/simulator/metrics/live-table-writer';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } };
}

const TABLE_1 = 'heading 1\nNODE  CPU\na/0001  1.0%\na/0002  2.0%';
const TABLE_2 = 'heading 2\nNODE  CPU\na/0001  3.0%\na/0002  4.0%';

test('on a TTY the second table replaces the first: cursor up over its lines, clear to the end of the screen', () => {
  const { writes, stream } = fakeStream(true);
  const writer = new LiveTableWriter(stream);
  expect(writer.redraws).toBe(true);
  writer.show(TABLE_1);
  writer.show(TABLE_2);
  writer.show(`${TABLE_1}\n`);
  expect(writes).toEqual([
    `${TABLE_1}\n`,
    `\u001b[4A\r\u001b[J${TABLE_2}\n`,
    `\u001b[4A\r\u001b[J${TABLE_1}\n`,
  ]);
});

test('on a TTY output written between refreshes is not erased: the next table is drawn below it', () => {
  const { writes, stream } = fakeStream(true);
  const writer = new LiveTableWriter(stream);
  writer.show(TABLE_1);
  writer.interrupted();
  writer.show(TABLE_2);
  expect(writes).toEqual([`${TABLE_1}\n`, `${TABLE_2}\n`]);
  // A taller table is replaced whole the next time.
  writer.show(`${TABLE_2}\na/0003  5.0%`);
  writer.show(TABLE_1);
  expect(writes[3]).toBe(`\u001b[5A\r\u001b[J${TABLE_1}\n`);
});

test('on a TTY lines wider than the terminal are cut, so each table line is one screen line', () => {
  const { writes, stream } = fakeStream(true, 10);
  const writer = new LiveTableWriter(stream);
  writer.show('0123456789abcdef\nshort');
  expect(writes).toEqual(['012345678\nshort\n']);
});

test('not a TTY (a pipe, a CI log): every table is appended after a blank line, without escape sequences', () => {
  const { writes, stream } = fakeStream(false, 10);
  const writer = new LiveTableWriter(stream);
  expect(writer.redraws).toBe(false);
  writer.show(TABLE_1);
  writer.show(TABLE_2);
  expect(writes).toEqual([`\n${TABLE_1}\n`, `\n${TABLE_2}\n`]);
  expect(writes.join('')).not.toContain('\u001b');
});
