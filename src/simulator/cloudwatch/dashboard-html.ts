/**
 * A dashboard snapshot as one self-contained HTML page: each metric widget of the template's
 * `AWS::CloudWatch::Dashboard` bodies drawn as an SVG line chart from the simulator's metric store
 * (text widgets as text), or, without dashboards, the default metrics of every cache (CPU, memory,
 * connections, hits and misses, network, ECPUs). Values are the widget's statistic per period over
 * the last hours of simulator time.
 */
import type { DashboardRecord } from './api';
import { runQueries } from '../metrics/query';
import type { MetricStore } from '../metrics/store';
import type { Dimension, MetricId } from '../metrics/types';

/** One line of a chart. */
interface Line {
  readonly label: string;
  readonly metric: MetricId;
  readonly stat: string;
  readonly period: number;
}

interface Chart {
  readonly title: string;
  readonly lines: readonly Line[];
}

type Widget = { readonly type?: string; readonly properties?: Record<string, unknown> };

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const WIDTH = 560;
const HEIGHT = 200;
const DEFAULT_METRICS = [
  'CPUUtilization', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'CurrConnections', 'CacheHits', 'CacheMisses',
  'GetHits', 'GetMisses', 'NetworkBytesIn', 'NetworkBytesOut', 'ElastiCacheProcessingUnits', 'BytesUsedForCache', 'ThrottledCmds',
];

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The lines of a metric widget: `[namespace, name, dimName, dimValue, …, {options}]`, where `.`
 * repeats the previous line's value at that position (the dashboard body's shorthand).
 */
function widgetLines(props: Record<string, unknown>): Line[] {
  const rows = Array.isArray(props.metrics) ? props.metrics as unknown[][] : [];
  const lines: Line[] = [];
  let previous: unknown[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const options = (typeof row[row.length - 1] === 'object' && row[row.length - 1] !== null ? row[row.length - 1] : {}) as Record<string, unknown>;
    const values = (options === row[row.length - 1] ? row.slice(0, -1) : row).map((v, i) => (v === '.' ? previous[i] : v));
    if (values.some((v) => typeof v !== 'string') || values.length < 2 || options.expression !== undefined) {
      previous = values;
      continue;
    }
    const [namespace, metricName, ...dims] = values as string[];
    const dimensions: Dimension[] = [];
    for (let i = 0; i + 1 < dims.length; i += 2) dimensions.push({ name: dims[i], value: dims[i + 1] });
    lines.push({
      label: typeof options.label === 'string' ? options.label : `${metricName} ${dimensions.map((d) => d.value).join(' ')}`.trim(),
      metric: { namespace, metricName, dimensions },
      stat: typeof options.stat === 'string' ? options.stat : typeof props.stat === 'string' ? props.stat : 'Average',
      period: typeof options.period === 'number' ? options.period : typeof props.period === 'number' ? props.period : 300,
    });
    previous = values;
  }
  return lines;
}

function dashboardCharts(body: string): { charts: Chart[]; texts: string[] } {
  let parsed: { widgets?: Widget[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { charts: [], texts: ['(the dashboard body is not valid JSON)'] };
  }
  const charts: Chart[] = [];
  const texts: string[] = [];
  for (const widget of parsed.widgets ?? []) {
    const props = widget.properties ?? {};
    if (widget.type === 'text' && typeof props.markdown === 'string') texts.push(props.markdown);
    if (widget.type !== 'metric') continue;
    const lines = widgetLines(props);
    if (lines.length > 0) charts.push({ title: typeof props.title === 'string' ? props.title : lines.map((l) => l.metric.metricName).join(', '), lines });
  }
  return { charts, texts };
}

/** Charts of the default metrics: one per metric name, a line per cache node or serverless cache. */
function defaultCharts(store: MetricStore): Chart[] {
  const charts: Chart[] = [];
  for (const metricName of DEFAULT_METRICS) {
    const metrics = store.list({ namespace: 'AWS/ElastiCache', metricName })
      .filter((m) => m.dimensions.some((d) => d.name === 'CacheNodeId' || d.name === 'clusterId'));
    if (metrics.length === 0) continue;
    const stat = /Hits|Misses|Bytes(In|Out)$|ProcessingUnits|Throttled/.test(metricName) ? 'Sum' : 'Average';
    charts.push({
      title: `${metricName} (${stat})`,
      lines: metrics.map((m) => ({ label: m.dimensions.map((d) => d.value).join('/'), metric: m, stat, period: 60 })),
    });
  }
  return charts;
}

function chartSvg(store: MetricStore, chart: Chart, start: number, end: number): string {
  const series = chart.lines.map((line, i) => {
    const [result] = runQueries(store, [{ id: `m${i}`, metricStat: { metric: line.metric, period: line.period, stat: line.stat } }], start, end);
    return { line, timestamps: result.timestamps, values: result.values };
  });
  const all = series.flatMap((s) => s.values);
  const max = all.length > 0 ? Math.max(...all) : 1;
  const min = all.length > 0 ? Math.min(0, ...all) : 0;
  const span = max - min || 1;
  const x = (t: number) => ((t - start) / (end - start)) * (WIDTH - 60) + 50;
  const y = (v: number) => HEIGHT - 20 - ((v - min) / span) * (HEIGHT - 40);
  const paths = series.map((s, i) => {
    const points = s.timestamps.map((t, k) => `${x(t).toFixed(1)},${y(s.values[k]).toFixed(1)}`).join(' ');
    return points ? `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${points}"/>` : '';
  }).join('');
  const axis = `<line x1="50" y1="${HEIGHT - 20}" x2="${WIDTH - 10}" y2="${HEIGHT - 20}" stroke="#999"/><line x1="50" y1="20" x2="50" y2="${HEIGHT - 20}" stroke="#999"/>`
    + `<text x="45" y="24" font-size="10" text-anchor="end">${escape(String(+max.toPrecision(4)))}</text>`
    + `<text x="45" y="${HEIGHT - 20}" font-size="10" text-anchor="end">${escape(String(+min.toPrecision(4)))}</text>`;
  const legend = series.map((s, i) => `<li><span style="color:${COLORS[i % COLORS.length]}">&#9632;</span> ${escape(s.line.label)}`
    + `${s.values.length === 0 ? ' (no data)' : ` — last ${escape(String(+s.values[s.values.length - 1].toPrecision(6)))}`}</li>`).join('');
  return `<figure><figcaption>${escape(chart.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${axis}${paths}</svg><ul>${legend}</ul></figure>`;
}

export interface DashboardSnapshotOptions {
  readonly store: MetricStore;
  readonly dashboards: readonly DashboardRecord[];
  /** Simulator time now (ms). */
  readonly now: number;
  /** @default 3 hours */
  readonly windowMs?: number;
}

/** The HTML page of every dashboard (or of the default metrics when the template has none). */
export function dashboardSnapshotHtml(options: DashboardSnapshotOptions): string {
  const end = options.now;
  const start = end - (options.windowMs ?? 3 * 3600_000);
  const sections: string[] = [];
  if (options.dashboards.length === 0) {
    sections.push(`<h2>Default metrics</h2>${defaultCharts(options.store).map((c) => chartSvg(options.store, c, start, end)).join('') || '<p>No metrics collected yet.</p>'}`);
  }
  for (const dashboard of options.dashboards) {
    const { charts, texts } = dashboardCharts(dashboard.body);
    sections.push(`<h2>${escape(dashboard.name)}</h2>${texts.map((t) => `<pre>${escape(t)}</pre>`).join('')}${charts.map((c) => chartSvg(options.store, c, start, end)).join('')}`);
  }
  const period = `${new Date(start).toISOString()} – ${new Date(end).toISOString()} (simulator time)`;
  return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>ElastiCache simulator dashboards</title>'
    + '<style>body{font-family:sans-serif;margin:1em}figure{display:inline-block;margin:0.5em;vertical-align:top}ul{list-style:none;padding:0;font-size:12px}</style>'
    + `</head><body><h1>ElastiCache simulator dashboards</h1><p>${escape(period)}</p>${sections.join('')}</body></html>\n`;
}
