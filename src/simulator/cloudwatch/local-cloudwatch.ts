/**
 * The simulator's CloudWatch: a metric store fed once a minute (simulator time) by the metrics
 * collector, the template's alarms evaluated after every collection, the template's dashboards,
 * and, on request, the CloudWatch API on a local HTTP endpoint for `@aws-sdk/client-cloudwatch`.
 */
import { AlarmEngine } from '../alarms/alarm-engine';
import { RejectedAlarm, templateAlarms } from '../alarms/template-alarms';
import { MetricsClock, MetricsCollector } from '../metrics/collector';
import { MetricStore } from '../metrics/store';
import type { Topology } from '../model';
import { arn, environmentOf } from '../naming/arns';
import type { RunningCache } from '../runtime';
import { CloudWatchApi, DashboardRecord } from './api';
import { dashboardSnapshotHtml } from './dashboard-html';
import { JsonServer } from './json-server';

export interface LocalCloudWatchOptions {
  readonly clock: MetricsClock;
  /** The caches running now. */
  readonly caches: () => readonly RunningCache[];
  /** Alarms and dashboards come from its CloudWatch resources. */
  readonly topology?: Topology;
  /** @default '123456789012' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/** CloudWatch's JSON protocol settings (awsJson 1.0, compatible with its former Query protocol). */
const CLOUDWATCH_PROTOCOL = {
  targetPrefix: 'GraniteServiceVersion20100801',
  contentType: 'application/x-amz-json-1.0',
  namespace: 'com.amazonaws.cloudwatch',
  queryCompatible: true,
};

export class LocalCloudWatch {
  /** Starts collecting (a first reading now, then every minute of the clock) with the topology's alarms. */
  public static start(options: LocalCloudWatchOptions): LocalCloudWatch {
    const cloudWatch = new LocalCloudWatch(options);
    cloudWatch.collector.start();
    return cloudWatch;
  }

  public readonly store = new MetricStore();
  public readonly alarms: AlarmEngine;
  public readonly collector: MetricsCollector;
  public readonly api: CloudWatchApi;
  /** Alarms of the template that CloudWatch would refuse, with the reason. */
  public readonly rejectedAlarms: readonly RejectedAlarm[];
  public readonly dashboards: readonly DashboardRecord[];
  private server: JsonServer | undefined;

  private constructor(private readonly options: LocalCloudWatchOptions) {
    const stack = options.topology?.stacks[0];
    const account = options.account ?? stack?.account ?? '123456789012';
    const region = options.region ?? stack?.region ?? 'us-east-1';
    this.alarms = new AlarmEngine({ store: this.store, now: () => options.clock.nowMs(), account, region });
    const found = options.topology ? templateAlarms(options.topology) : { alarms: [], rejected: [] };
    for (const alarm of found.alarms) this.alarms.add(alarm);
    this.rejectedAlarms = found.rejected;
    this.dashboards = dashboardsOf(options.topology, options.clock.now());
    this.collector = new MetricsCollector({ clock: options.clock, store: this.store, caches: options.caches });
    this.collector.onCollected((now) => this.alarms.evaluateAll(now));
    this.api = new CloudWatchApi({ store: this.store, alarms: this.alarms, dashboards: this.dashboards, now: () => options.clock.nowMs() });
  }

  /** Serves the CloudWatch API on `host:port` (0: a free port); returns its URL. */
  public async serve(host = '127.0.0.1', port = 0): Promise<string> {
    if (!this.server) {
      this.server = new JsonServer({ host, port, ...CLOUDWATCH_PROTOCOL, operations: this.api.operations() });
      await this.server.start();
    }
    return this.server.url;
  }

  /** The API's URL, once served. */
  public get url(): string | undefined {
    return this.server?.url;
  }

  /** The template's dashboards (or the default metrics) drawn from the data collected so far, as an HTML page. */
  public dashboardHtml(): string {
    return dashboardSnapshotHtml({ store: this.store, dashboards: this.dashboards, now: this.options.clock.nowMs() });
  }

  /** Collects now (between scheduled collections) and evaluates the alarms. */
  public async collectNow(): Promise<void> {
    await this.collector.collect();
  }

  public async stop(): Promise<void> {
    this.collector.stop();
    await this.server?.stop();
    this.server = undefined;
  }

  /** The clock the metrics and alarms run on. */
  public get clock(): MetricsClock {
    return this.options.clock;
  }
}

function dashboardsOf(topology: Topology | undefined, now: Date): DashboardRecord[] {
  return (topology?.cloudWatch ?? [])
    .filter((r) => r.origin.resourceType === 'AWS::CloudWatch::Dashboard')
    .map((r) => {
      const name = typeof r.properties.DashboardName === 'string' ? r.properties.DashboardName : r.physicalId;
      const body = typeof r.properties.DashboardBody === 'string' ? r.properties.DashboardBody : JSON.stringify(r.properties.DashboardBody ?? {});
      return { name, arn: arn(environmentOf(r.origin.account, r.origin.region), 'cloudwatch', `dashboard/${name}`, ''), body, lastModified: now };
    });
}
