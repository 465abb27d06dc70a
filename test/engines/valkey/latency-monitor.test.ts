/**
 * The latency monitor: LATENCY GRAPH's sparkline, LATENCY DOCTOR's report and LATENCY RESET, first
 * from fixed samples (the report's rules, each advice), then side by side with redis-server on
 * spikes made with DEBUG SLEEP. What depends on the clock (the figures, the "seconds ago" labels)
 * is masked in the comparison; the words, the layout and the chart are not.
 */
import * as fs from 'fs';
import { RawSession } from './differential/session';
import { TestEngine } from './support/engine';
import { describeIfRedis, useRealAndOurs } from './support/side-by-side';
import { bytesToHuman } from '../../../src/engines/valkey/server/info';
import { LatencyEvent, LatencyMonitor } from '../../../src/engines/valkey/server/latency';
import { latencyGraph, latencyReport, LatencyReportContext } from '../../../src/engines/valkey/server/latency-report';
import { renderSparkline } from '../../../src/engines/valkey/util/sparkline';

describe('sparkline (redis sparkline.c)', () => {
  test('one sample is a flat column, its label under a blank row', () => {
    expect(renderSparkline([{ value: 100, label: '0s' }], 80, 4, true)).toBe(' \n \n \n_\n \n0\ns\n');
  });

  test('heights are steps between the minimum and the maximum, filled below', () => {
    const samples = [5, 6, 9, 13, 3].map((value, i) => ({ value, label: ['12s', '9s', '5m', '2h', '3d'][i] }))
      .concat([{ value: 7, label: '' }]);
    expect(renderSparkline(samples, 80, 4, true)).toBe([
      '   #  ',
      '  o|  ',
      ' _|| o',
      '#|||_|',
      '      ',
      '19523 ',
      '2smhd ',
      's     ',
      '',
    ].join('\n'));
  });

  test('without fill, only the top of each column is drawn', () => {
    const samples = [1, 2, 3].map((value) => ({ value, label: '1s' }));
    expect(renderSparkline(samples, 80, 4, false)).toBe('  `\n _ \n   \n_  \n   \n111\nsss\n');
  });

  test('longer sequences wrap into blocks of `columns`, a blank line between them', () => {
    const samples = Array.from({ length: 85 }, (_, i) => ({ value: i, label: '' }));
    const blocks = renderSparkline(samples, 80, 4, true).split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0].split('\n')[3]).toHaveLength(80);
    expect(blocks[1].split('\n')[3]).toBe('|||||');
  });
});

function event(samples: [number, number][], max?: number): LatencyEvent {
  return { samples: samples.map(([time, latency]) => ({ time, latency })), max: max ?? Math.max(...samples.map(([, l]) => l)) };
}

function context(events: Record<string, LatencyEvent>, overrides: Partial<LatencyReportContext> = {}): LatencyReportContext {
  return {
    events: new Map(Object.entries(events)),
    threshold: 100,
    slowlogSlowerThan: 10000,
    hz: 10,
    appendfsync: 'everysec',
    now: 1000,
    anonHugePages: 0,
    ...overrides,
  };
}

describe('LATENCY DOCTOR report (redis createLatencyReport)', () => {
  test('monitoring never enabled, and enabled without spikes', () => {
    expect(latencyReport(context({}, { threshold: 0 }))).toMatch(/^I'm sorry, Dave, I can't do that\. Latency monitoring is disabled/);
    expect(latencyReport(context({}))).toBe('Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. '
      + 'I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n');
  });

  test('an event line: integer mean and mean deviation, period per sample with printf rounding', () => {
    // Samples 100, 150, 201: mean 150 (451 / 3), deviations 50 + 0 + 51 → 33. Oldest at 992: 8 s over 3 samples.
    const report = latencyReport(context({ command: event([[992, 100], [995, 150], [999, 201]], 250) }));
    expect(report.split('\n')[2]).toBe('1. command: 3 latency spikes (average 150ms, mean deviation 33ms, period 2.67 sec). Worst all time event 250ms.');
    // 1 s over 8 samples is 0.125: C rounds the tie to even.
    const eight = event(Array.from({ length: 8 }, (_, i) => [999, 100 + i] as [number, number]));
    expect(latencyReport(context({ command: eight }))).toContain('period 0.12 sec');
    // A sample of this very second still counts as a period of one second.
    expect(latencyReport(context({ command: event([[1000, 120]]) }))).toContain('period 1.00 sec');
  });

  test('slow commands: slow log advice follows the slow log settings', () => {
    const spikes = { command: event([[999, 120]]) };
    const disabled = latencyReport(context(spikes, { slowlogSlowerThan: -1 }));
    expect(disabled).toContain('\nI have a few advices for you:\n\n- There are latency issues with potentially slow commands you are using. '
      + 'Try to enable the Slow Log Redis feature using the command \'CONFIG SET slowlog-log-slower-than 100000\'.');
    const tooHigh = latencyReport(context(spikes, { slowlogSlowerThan: 101999 }));
    expect(tooHigh).toContain('- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. '
      + 'Please use \'CONFIG SET slowlog-log-slower-than 100000\'.\n');
    // 100999 µs is 100 ms in whole milliseconds: not above the threshold.
    const fine = latencyReport(context(spikes, { slowlogSlowerThan: 100999 }));
    expect(fine).not.toContain('Slow Log configuration');
    expect(fine).toContain('- Check your Slow Log to understand');
    expect(fine).toContain('- Deleting, expiring or evicting');
  });

  test('advice comes in redis\' order, each once, whatever the order of the events', () => {
    const report = latencyReport(context({
      'eviction-cycle': event([[999, 150]]),
      'fast-command': event([[999, 110]]),
      'expire-cycle': event([[999, 130]]),
      'command': event([[999, 120]]),
    }));
    const advice = report.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2, 30));
    expect(advice).toEqual([
      'Check your Slow Log to under',
      'The system is slow to execut',
      'In order to make the Redis k',
      'Deleting, expiring or evicti',
      'Sudden changes to the \'maxme',
    ]);
  });

  test('advice that only applies to some settings is counted but not printed', () => {
    // hz 100 already: the expire-cycle advice about hz is left out, the large objects one stays.
    const report = latencyReport(context({ 'expire-cycle': event([[999, 130]]) }, { hz: 100 }));
    expect(report).not.toContain('\'hz\' configuration parameter');
    expect(report).toContain('- Deleting, expiring or evicting');
    // aof-fsync-always counts one advice, printed only under appendfsync always: a header alone.
    const aof = { 'aof-fsync-always': event([[999, 130]]) };
    expect(latencyReport(context(aof))).toMatch(/\nI have a few advices for you:\n\n$/);
    expect(latencyReport(context(aof, { appendfsync: 'always' }))).toContain('- Your fsync policy is set to \'always\'.');
  });

  test('an event without advice, and huge pages', () => {
    expect(latencyReport(context({ 'while-blocked-cron': event([[999, 130]]) })))
      .toMatch(/\nWhile there are latency events logged, I'm not able to suggest any easy fix\./);
    const thp = latencyReport(context({}, { anonHugePages: 2 * 1024 * 1024 }));
    expect(thp).toMatch(/^\nI have a few advices for you:\n\n- I detected a non zero amount of anonymous huge pages/);
  });
});

describe('LATENCY DOCTOR in Valkey 8 words', () => {
  // The texts valkey-server 8.0.1 wrote for these states (one DEBUG SLEEP 0.1 with a 50 ms threshold).
  const spike = { command: event([[999, 100]]) };
  const eventLine = '1. command: 1 latency spikes (average 100ms, mean deviation 0ms, period 1.00 sec). Worst all time event 100ms.\n';
  const inspect = '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://valkey.io/commands/slowlog for more information.\n';
  const largeObjects = '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  const valkey = (events: Record<string, LatencyEvent>, overrides: Partial<LatencyReportContext> = {}) =>
    latencyReport(context(events, { threshold: 50, valkeyWording: true, ...overrides }));

  test('disabled, and no spike', () => {
    expect(valkey({}, { threshold: 0 })).toBe('I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Valkey instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it.\n');
    expect(valkey({})).toBe('No latency spike was observed during the lifetime of this Valkey instance, not in the slightest bit.\n');
  });

  test('a command spike and the advice for each slow log setting', () => {
    const head = `Latency spikes are observed in this Valkey instance.\n\n${eventLine}\nHere is some advice for you:\n\n`;
    expect(valkey(spike)).toBe(head + inspect + largeObjects);
    expect(valkey(spike, { slowlogSlowerThan: -1 })).toBe(head
      + '- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Valkey feature using the command \'CONFIG SET slowlog-log-slower-than 50000\'. If the Slow log is disabled Valkey is not able to log slow commands execution for you.\n'
      + inspect + largeObjects);
    expect(valkey(spike, { slowlogSlowerThan: 1000000 })).toBe(head
      + '- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use \'CONFIG SET slowlog-log-slower-than 50000\'.\n'
      + inspect + largeObjects);
  });

  test('the other advice names Valkey, its CLI and its site where redis names its own', () => {
    const report = valkey({ 'fast-command': event([[999, 60]]), 'expire-cycle': event([[999, 70]]) }, { anonHugePages: 4096 });
    expect(report).toContain("  4) Check with 'valkey-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n");
    expect(report).toContain('- In order to make the Valkey keys expiring process more incremental');
    expect(report).toContain('you still need to restart the Valkey process');
    expect(report).not.toMatch(/Redis|redis/);
  });
});

describe('LATENCY GRAPH and RESET', () => {
  test('the graph: header, an 80-column rule, the chart and how long ago each sample was', () => {
    const graph = latencyGraph('command', event([[940, 300], [3000 - 7200, 100], [990, 200]], 900), 1000);
    expect(graph).toBe([
      'command - high 300 ms, low 100 ms (all time high 900 ms)',
      '-'.repeat(80),
      '#  ',
      '| _',
      '| |',
      '|_|',
      '   ',
      '111',
      'mh0',
      '  s',
      '',
    ].join('\n'));
  });

  test('RESET matches event names without regard to case', () => {
    const monitor = new LatencyMonitor();
    monitor.add('command', 120, 999);
    monitor.add('fast-command', 120, 999);
    expect(monitor.reset(['COMMAND', 'nosuch', 'Command'])).toBe(1);
    expect([...monitor.events.keys()]).toEqual(['fast-command']);
  });

  test('the expiry cycle and evictions feed events of their own', () => {
    const e = new TestEngine();
    for (let i = 0; i < 30_000; i++) e.run('SET', `k${i}`, 'v'.repeat(100), 'PX', i < 10_000 ? '100' : '100000');
    e.run('CONFIG', 'SET', 'latency-monitor-threshold', '1');
    // Ten thousand keys to expire at once: the cycle runs into its time limit, far above 1 ms.
    e.advance(200);
    e.server.runCron();
    // Lowering maxmemory evicts most of what is left in one cycle.
    e.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    e.run('CONFIG', 'SET', 'maxmemory', '2mb');
    const events = [...e.server.latency.events.keys()];
    expect(events).toContain('expire-cycle');
    expect(events).toContain('eviction-cycle');
    expect(e.run('LATENCY', 'DOCTOR')).toContain('- Sudden changes to the \'maxmemory\' setting');
  });

  test('human sizes round exact ties to even, as printf does', () => {
    expect(bytesToHuman(1152)).toBe('1.12K');
    expect(bytesToHuman(1024 * 1024 * 1.375)).toBe('1.38M');
  });
});

/** Anonymous huge pages of a process (redis' THP advice depends on them). */
function hugePages(pid: number | string): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps`, 'latin1');
    return [...text.matchAll(/^AnonHugePages:\s+(\d+) kB/gm)].reduce((n, m) => n + Number(m[1]), 0);
  } catch {
    return 0;
  }
}

/** Figures and "seconds ago" digits masked; the THP advice dropped (it reads each process' own pages). */
function comparable(text: string): string {
  return text.replace(/- I detected a non zero amount of anonymous huge pages[^\n]*\n/, '').replace(/\d+(\.\d+)?/g, 'N');
}

describeIfRedis('latency monitor side by side with redis-server', () => {
  const servers = useRealAndOurs({ 'enable-debug-command': 'yes' });

  /** Sends one command to both servers at once; their replies as text. */
  async function both(sessions: RawSession[], ...command: string[]): Promise<string[]> {
    sessions.forEach((s) => s.send(command));
    return Promise.all(sessions.map(async (s) => (await s.reply(5000))?.raw.toString('latin1') ?? '<no reply>'));
  }

  /** Waits until 100 ms into the next second, so that spikes both servers record fall in the same second. */
  async function startOfSecond(): Promise<void> {
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
  }

  test('spikes of two seconds: DOCTOR, GRAPH, LATEST and RESET agree', async () => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      await both(sessions, 'LATENCY', 'RESET');
      await both(sessions, 'CONFIG', 'SET', 'latency-monitor-threshold', '200');
      const [realDoctor, ourDoctor] = await both(sessions, 'LATENCY', 'DOCTOR');
      if (hugePages(servers.real.pid) === 0 && hugePages('self') === 0) expect(ourDoctor).toBe(realDoctor);

      await startOfSecond();
      await both(sessions, 'DEBUG', 'SLEEP', '0.25');
      await startOfSecond();
      await both(sessions, 'DEBUG', 'SLEEP', '0.6');

      const [realGraph, ourGraph] = await both(sessions, 'LATENCY', 'GRAPH', 'command');
      expect(comparable(ourGraph)).toBe(comparable(realGraph));
      // Low and high: the first column only at the bottom, the second one full.
      expect(ourGraph).toContain('\n #\n |\n |\n_|\n  \n');
      const [realDoctorAfter, ourDoctorAfter] = await both(sessions, 'LATENCY', 'DOCTOR');
      expect(comparable(ourDoctorAfter)).toBe(comparable(realDoctorAfter));
      expect(ourDoctorAfter).toContain('1. command: 2 latency spikes');
      // The name must match exactly for GRAPH; RESET ignores case.
      const noSamples = '-ERR No samples available for event \'COMMAND\'\r\n';
      expect(await both(sessions, 'LATENCY', 'GRAPH', 'COMMAND')).toEqual([noSamples, noSamples]);
      const [realLatest, ourLatest] = await both(sessions, 'LATENCY', 'LATEST');
      expect(comparable(ourLatest)).toBe(comparable(realLatest));
      expect(await both(sessions, 'LATENCY', 'RESET', 'Command')).toEqual([':1\r\n', ':1\r\n']);
      expect(await both(sessions, 'LATENCY', 'LATEST')).toEqual(['*0\r\n', '*0\r\n']);
    } finally {
      await both(sessions, 'CONFIG', 'SET', 'latency-monitor-threshold', '0');
      sessions.forEach((s) => s.close());
    }
  }, 15_000);

  test('printf rounding in INFO: maxmemory_human and percentile names', async () => {
    const sessions = await Promise.all([RawSession.open(servers.real.port), RawSession.open(servers.oursPort)]);
    try {
      await both(sessions, 'CONFIG', 'SET', 'maxmemory', '1152');
      const memory = await both(sessions, 'INFO', 'memory');
      const human = memory.map((m) => /maxmemory_human:(\S+)/.exec(m)?.[1]);
      expect(human).toEqual(['1.12K', '1.12K']);
      await both(sessions, 'CONFIG', 'SET', 'latency-tracking-info-percentiles', '0.0078125 50');
      const stats = await both(sessions, 'INFO', 'latencystats');
      const names = stats.map((s) => /latency_percentiles_usec_\S+:(p[^=]+)=/.exec(s)?.[1]);
      expect(names).toEqual(['p0.007812', 'p0.007812']);
    } finally {
      await both(sessions, 'CONFIG', 'SET', 'maxmemory', '0');
      await both(sessions, 'CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9');
      sessions.forEach((s) => s.close());
    }
  });
});
