/**
 * `cdk-elasticache simulate --metrics <seconds>`: while running, the live metrics table is printed
 * at the interval, with a row per node; a bad interval is refused before anything starts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulate, SimulateIo } from '../../../src/cli/commands/simulate';

const TEMPLATE = `
Resources:
  Pages:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      ClusterName: cli-pages
      Engine: memcached
      CacheNodeType: cache.t4g.micro
      NumCacheNodes: 2
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-metrics-'));
const file = path.join(dir, 'template.yaml');
fs.writeFileSync(file, TEMPLATE);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the metrics table appears at the interval while the simulation runs', async () => {
  let err = '';
  const io: SimulateIo = {
    out: () => undefined,
    err: (t) => { err += t; },
    stopSignal: async () => {
      const deadline = Date.now() + 10_000;
      while ((err.match(/metrics of the last 0\.2 s/g) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return 'SIGINT';
    },
  };
  await runSimulate({ template: file, seed: 'cli-metrics', metrics: '0.2' }, io);
  const tables = err.split(/\n\S+ metrics of the last 0\.2 s\n/).slice(1);
  expect(tables.length).toBeGreaterThanOrEqual(2);
  const lines = tables[0].split('\n');
  expect(lines[0]).toMatch(/^NODE +CPU +MEMORY|^NODE +CPU +USED/);
  expect(lines.filter((l) => /^cli-pages\/000[12] /.test(l))).toHaveLength(2);
  expect(err).toMatch(/SIGINT: stopping\.\nStopped\.\n$/);
});

test('on a TTY the table is redrawn in place on the screen; other output keeps its lines', async () => {
  let err = '';
  let screen = '';
  const redraws = () => (screen.match(/\u001b\[\d+A\r\u001b\[J/g) ?? []).length;
  const io: SimulateIo = {
    out: () => undefined,
    err: (t) => { err += t; },
    screen: { isTTY: true, columns: 200, write: (t: string) => { screen += t; } },
    stopSignal: async () => {
      const deadline = Date.now() + 10_000;
      while (redraws() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return 'SIGINT';
    },
  };
  await runSimulate({ template: file, seed: 'cli-metrics-tty', metrics: '0.2' }, io);
  expect(redraws()).toBeGreaterThanOrEqual(2);
  // Every redraw moves up over exactly the lines of the table before it (a heading, a header, two nodes).
  const tables = screen.split(/\u001b\[\d+A\r\u001b\[J/);
  for (const moved of screen.match(/\u001b\[(\d+)A/g)!) expect(moved).toBe('\u001b[4A');
  expect(tables[0].split('\n').filter((l) => /^cli-pages\/000[12] /.test(l))).toHaveLength(2);
  // The tables went to the screen only; the log keeps the rest.
  expect(err).not.toMatch(/metrics of the last/);
  expect(err).toMatch(/SIGINT: stopping\.\nStopped\.\n$/);
});

test('a bad interval is refused before the simulation starts', async () => {
  const io: SimulateIo = { out: () => undefined, err: () => undefined, stopSignal: async () => 'SIGINT' };
  await expect(runSimulate({ template: file, metrics: 'soon' }, io)).rejects.toThrow("--metrics expects a number of seconds, got 'soon'");
});

test('the CloudWatch API is served while running, and --dashboard writes the snapshot on stop', async () => {
  let err = '';
  const html = path.join(dir, 'dashboard.html');
  let described = '';
  const io: SimulateIo = {
    out: () => undefined,
    err: (t) => { err += t; },
    stopSignal: async () => {
      const url = /CloudWatch API: (http:\/\/\S+)/.exec(err)![1];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'GraniteServiceVersion20100801.DescribeAlarms' },
        body: '{}',
      });
      described = `${response.status} ${await response.text()}`;
      return 'SIGINT';
    },
  };
  await runSimulate({ template: file, seed: 'cli-dashboard', dashboard: html }, io);
  expect(described).toBe('200 {"MetricAlarms":[],"CompositeAlarms":[]}');
  expect(err).toContain(`Dashboard snapshot written to ${html}.`);
  expect(fs.readFileSync(html, 'utf8')).toContain('<h2>Default metrics</h2>');
});
