/**
 * INFO memory's script figures side by side with redis-server: the counts of cached scripts,
 * functions and libraries, and the bytes redis accounts for the EVAL cache and the function
 * libraries, after each step of sequences that load, replace, delete, flush and restore them.
 * The Lua heaps (used_memory_vm_*, used_memory_lua*) are not compared: the engine's Lua runs on
 * V8's heap, which has no Lua allocator to measure. After FUNCTION RESTORE only the counts are:
 * redis 7.0's own byte count drifts there (a failed restore takes the existing libraries' bytes
 * off, and deleting a restored library can take it below zero, printed as 18446744073709551544B).
 */
import { RawSession } from './differential/session';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

const COUNTS = ['number_of_cached_scripts', 'number_of_functions', 'number_of_libraries'];
const FIELDS = ['used_memory_scripts_eval', 'number_of_cached_scripts', 'number_of_functions', 'number_of_libraries',
  'used_memory_functions', 'used_memory_scripts', 'used_memory_scripts_human'];

const lib = (name: string, ...functions: string[]) => `#!lua name=${name}\n`
  + functions.map((f) => `redis.register_function('${f}', function() return 1 end)`).join('\n');
const described = "#!lua name=withdesc\nredis.register_function{function_name='d', callback=function() return 1 end, description='what d does'}";
const long = `return '${'x'.repeat(300)}'`;

/** Every step is followed by INFO memory on both servers. */
const SEQUENCES: Record<string, string[][]> = {
  'scripts: embedded and raw bodies, cached once, flushed': [
    ['SCRIPT', 'LOAD', 'return 1'], ['EVAL', 'return 2', '0'], ['EVAL', 'return 2', '0'], ['SCRIPT', 'LOAD', long],
    ['SCRIPT', 'LOAD', `return '${'y'.repeat(40)}'`], ['EVAL', 'return syntax error', '0'], ['SCRIPT', 'FLUSH'], ['EVAL', 'return 3', '0'],
  ],
  // Past four scripts the dict grows and redis rehashes it a bucket per lookup, in an order that
  // follows its hash seed: the transaction ends with enough lookups (SCRIPT EXISTS) to finish.
  'more scripts than the first table holds': [
    ['MULTI'], ...[1, 2, 3, 4, 5, 6].map((i) => ['SCRIPT', 'LOAD', `return ${i}`]),
    ['SCRIPT', 'EXISTS', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], ['EXEC'],
  ],
  'libraries: load, replace, description, delete, flush': [
    ['FUNCTION', 'LOAD', lib('one', 'f1', 'f2')], ['FUNCTION', 'LOAD', lib('a_much_longer_library_name', 'g')],
    ['FUNCTION', 'LOAD', 'REPLACE', lib('one', 'f1')], ['FUNCTION', 'LOAD', described], ['FUNCTION', 'DELETE', 'one'],
    ['FUNCTION', 'DELETE', 'withdesc'], ['FUNCTION', 'DELETE', 'a_much_longer_library_name'], ['FUNCTION', 'LOAD', lib('two', 'h')],
    ['FUNCTION', 'FLUSH'], ['FUNCTION', 'LOAD', lib('three', 'i')],
  ],
  'restore with each policy': [
    ['FUNCTION', 'LOAD', lib('keep', 'k1')], ['FUNCTION', 'LOAD', lib('moved', 'm1', 'm2')],
  ],
};

describeIfRedis('INFO memory script figures agree with redis-server', () => {
  const servers = useRealAndOurs();

  async function both(sessions: RawSession[], command: string[]): Promise<string[]> {
    sessions.forEach((s) => s.send(command));
    return Promise.all(sessions.map(async (s) => (await s.reply(5000))?.raw.toString('latin1') ?? '<no reply>'));
  }

  async function figures(sessions: RawSession[], fields: readonly string[]): Promise<string[]> {
    const infos = await both(sessions, ['INFO', 'memory']);
    return infos.map((info) => fields.map((f) => new RegExp(`^${f}:(.*)\r$`, 'm').exec(info)?.[1] ?? 'missing').join(' '));
  }

  test.each(Object.keys(SEQUENCES))('%s', async (name) => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      await both(sessions, ['SCRIPT', 'FLUSH']);
      await both(sessions, ['FUNCTION', 'FLUSH']);
      const transcript: string[][] = [[], []];
      let fields = FIELDS;
      const record = async (step: string[]) => {
        const replies = await both(sessions, step);
        const after = await figures(sessions, fields);
        for (const i of [0, 1]) transcript[i].push(`${step.slice(0, 2).join(' ')} → ${replies[i].split('\r\n')[0]} | ${after[i]}`);
      };
      transcript.forEach((t, i) => t.push(`fresh | ${i}`));
      for (const step of SEQUENCES[name]) await record(step);
      if (name === 'restore with each policy') {
        const [dump] = await both(sessions.slice(0, 1), ['FUNCTION', 'DUMP']);
        const payload = dump.slice(dump.indexOf('\r\n') + 2, -2);
        fields = COUNTS;
        for (const policy of ['APPEND', 'REPLACE', 'FLUSH']) {
          await record(['FUNCTION', 'DELETE', 'moved']);
          await record(['FUNCTION', 'RESTORE', payload, policy]);
        }
      }
      transcript.forEach((t) => t.shift());
      expect(transcript[1]).toEqual(transcript[0]);
    } finally {
      sessions.forEach((s) => s.close());
    }
  });
});
