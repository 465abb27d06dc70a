/**
 * The differential runner itself, run with our engine on both sides (so the two always agree):
 * a step that waits for a reply must fail when none comes, even if both servers are silent.
 */
import { runCase } from './runner';
import { parseCaseFile } from './script';
import { ValkeyServer } from '../../../../src/engines/valkey/server/server';

describe('differential runner', () => {
  const servers: ValkeyServer[] = [];
  let ports: number[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) servers.push(new ValkeyServer({ port: 0 }));
    ports = await Promise.all(servers.map(async (s) => (await s.start()).port));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const run = (text: string) => runCase(parseCaseFile(text, 'inline.txt')[0], ports[0], ports[1]);

  test('agreeing replies pass', async () => {
    expect(await run('### ok\nSET k v\nGET k\n')).toEqual([]);
  });

  test('a step expecting a reply fails when neither server replies', async () => {
    const mismatches = await run('### blocked\nBLPOP list 0\n');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0].line).toBe(2);
    expect(mismatches[0].step).toContain('1 expected reply missing');
    expect(mismatches[0].expected).toBe('<no reply>');
  }, 15000);

  test('@replies=N fails when fewer replies come', async () => {
    const mismatches = await run('### short\n@replies=2 PING\n');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0].step).toContain('1 expected reply missing');
  }, 15000);

  test('replies left unread pass when both servers sent the same ones, and are reported otherwise', async () => {
    const events = '### trailing\n@conn 2\nPSUBSCRIBE __key*__:*\n@conn 1\nSET k v\n';
    expect(await run(`### same\nCONFIG SET notify-keyspace-events KEA\n${events.slice('### trailing\n'.length)}CONFIG SET notify-keyspace-events ""\n`)).toEqual([]);
    const withEvents = new ValkeyServer({ port: 0, config: { 'notify-keyspace-events': 'KEA' } });
    const { port } = await withEvents.start();
    try {
      const mismatches = await runCase(parseCaseFile(events, 'inline.txt')[0], ports[0], port);
      expect(mismatches).toHaveLength(1);
      expect(mismatches[0].step).toContain('replies left unread at the end of the case differ');
      expect(mismatches[0].expected).toBe('none');
      expect(mismatches[0].actual).toMatch(/^2 on connection 2: ".*__keyspace@0__:k.*__keyevent@0__:set/);
    } finally {
      await withEvents.stop();
    }
  }, 15000);

  test('@noreply steps pass when nothing comes, and the reply can be read later', async () => {
    const text = '### waits\n@noreply BLPOP list 0\n@conn 2\nRPUSH list a\n@conn 1\n@replies=2 PING\n';
    expect(await run(text)).toEqual([]);
  });
});
