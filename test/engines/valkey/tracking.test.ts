/**
 * Client tracking unit tests for what the differential suite cannot see deterministically:
 * lazy expiry on the virtual clock, the tracking table limit, INFO figures, CLIENT LIST flags,
 * and the state dropped when a client goes away.
 */
import { Session, startEngine } from './acl-support';
import { TestEngine } from './support/engine';
import { CLIENT } from '../../../src/engines/valkey/server/client';
import type { ValkeyServer } from '../../../src/engines/valkey/server/server';

/** Waits until the server has noticed that a client disconnected. */
async function gone(server: ValkeyServer, id: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (server.clients.has(id)) {
    if (Date.now() > deadline) throw new Error(`client ${id} still connected`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function infoField(e: TestEngine, section: string, field: string): string {
  const text = String(e.run('INFO', section));
  const line = text.split('\r\n').find((l) => l.startsWith(field + ':'));
  return line ? line.slice(field.length + 1) : '';
}

describe('invalidation', () => {
  test('a key expiring while the tracking client reads it: reply first, then the invalidation', async () => {
    const { server, port } = await startEngine({ config: { 'enable-debug-command': 'yes' } });
    const s = await Session.open(port);
    await s.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await s.call('HELLO', '3');
    await s.call('CLIENT', 'TRACKING', 'on');
    // Active expiry is off: only this client's GET can find the key expired.
    await s.call('SET', 'k', 'v', 'PX', '300');
    expect(await s.call('GET', 'k')).toBe('v');
    await new Promise((r) => setTimeout(r, 400));
    expect(await s.replies(2, 'GET', 'k')).toEqual([null, ['invalidate', ['k']]]);
    s.close();
    await server.stop();
  });

  test('the table limit forgets the oldest keys and tells their readers', async () => {
    const { server, port } = await startEngine({ config: { 'tracking-table-max-keys': '2' } });
    const s = await Session.open(port);
    await s.call('HELLO', '3');
    await s.call('CLIENT', 'TRACKING', 'on');
    await s.call('GET', 'a');
    await s.call('GET', 'b');
    expect(await s.replies(2, 'GET', 'c')).toEqual([null, ['invalidate', ['a']]]);
    expect(String(await s.call('INFO', 'stats'))).toContain('tracking_total_keys:2\r\n');
    s.close();
    await server.stop();
  });

  test('INFO counts tracking clients, keys, items and prefixes', () => {
    const e = new TestEngine();
    const a = e.newClient();
    const b = e.newClient();
    e.runAs(a, 'CLIENT', 'TRACKING', 'on');
    e.runAs(a, 'MGET', 'k1', 'k2');
    e.runAs(b, 'CLIENT', 'TRACKING', 'on');
    e.runAs(b, 'GET', 'k1');
    e.runAs(e.client, 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'x', 'PREFIX', 'y');
    expect(infoField(e, 'clients', 'tracking_clients')).toBe('3');
    expect(infoField(e, 'stats', 'tracking_total_keys')).toBe('2');
    expect(infoField(e, 'stats', 'tracking_total_items')).toBe('3');
    expect(infoField(e, 'stats', 'tracking_total_prefixes')).toBe('2');
    e.runAs(b, 'CLIENT', 'TRACKING', 'off');
    e.runAs(e.client, 'RESET');
    expect(infoField(e, 'clients', 'tracking_clients')).toBe('1');
    expect(infoField(e, 'stats', 'tracking_total_prefixes')).toBe('0');
  });
});

describe('connections', () => {
  test('CLIENT LIST shows tracking, broadcast and broken-redirect flags and the redirect id', async () => {
    const { server, port } = await startEngine();
    const target = await Session.open(port);
    const targetId = String(await target.call('CLIENT', 'ID'));
    const s = await Session.open(port);
    await s.call('HELLO', '3');
    await s.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', targetId);
    expect(String(await s.call('CLIENT', 'INFO'))).toMatch(new RegExp(` flags=tB .* redir=${targetId} `));
    target.close();
    await gone(server, Number(targetId));
    await s.call('SET', 'k', 'v');
    expect(await s.next()).toEqual(['tracking-redir-broken', BigInt(targetId)]);
    expect(String(await s.call('CLIENT', 'INFO'))).toMatch(/ flags=tRB /);
    await s.call('CLIENT', 'TRACKING', 'off');
    expect(String(await s.call('CLIENT', 'INFO'))).toMatch(/ flags=N .* redir=-1 /);
    s.close();
    await server.stop();
  });

  test('a closed client leaves its broadcast prefixes', async () => {
    const { server, port } = await startEngine();
    const s = await Session.open(port);
    await s.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'p');
    const admin = await Session.open(port);
    expect(String(await admin.call('INFO', 'stats'))).toContain('tracking_total_prefixes:1');
    const id = [...server.clients.values()].find((c) => c.flags & CLIENT.TRACKING)!.id;
    s.close();
    await gone(server, id);
    expect(String(await admin.call('INFO', 'stats'))).toContain('tracking_total_prefixes:0');
    expect(String(await admin.call('INFO', 'clients'))).toContain('tracking_clients:0');
    admin.close();
    await server.stop();
  });
});
