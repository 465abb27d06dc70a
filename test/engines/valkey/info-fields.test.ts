/**
 * INFO's field names, section by section and in order, against redis-server. The differential
 * cases compare INFO by shape only (one bulk string), so a misnamed field would pass there.
 */
import { Session } from './acl-support';
import { infoSectionFieldNames } from './support/info-fields';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';

describeIfRedis('INFO field names match redis-server', () => {
  const servers = useRealAndOurs();

  test('INFO everything after writes, a read, a key with a TTL and an error', async () => {
    const names = async (port: number) => {
      const s = await Session.open(port);
      try {
        for (const command of [['SET', 'if:a', '1'], ['SET', 'if:b', '2', 'EX', '100'], ['GET', 'if:a'], ['NOSUCH']]) {
          await s.call(...command).catch(() => undefined);
        }
        return infoSectionFieldNames(await s.call('INFO', 'everything'));
      } finally {
        s.close();
      }
    };
    const real = await names(servers.real.port);
    expect(real.map(([section]) => section)).toContain('Errorstats');
    expect(await names(servers.oursPort)).toEqual(real);
  });
});
