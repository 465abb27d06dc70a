import type { IConstruct } from 'constructs';
import { isUncheckable, ValidationError } from './validation';

/**
 * Time windows as ElastiCache writes them (UTC): weekly maintenance windows
 * `ddd:hh24:mi-ddd:hh24:mi` and daily snapshot windows `hh24:mi-hh24:mi`, both at least 60 minutes.
 * Windows are parsed to minute offsets so their lengths and overlaps are plain arithmetic.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** Minimum length of maintenance and snapshot windows. */
export const MIN_WINDOW_MINUTES = 60;

/** A window as minute offsets inside a cycle (a day or a week); `end` may wrap past the cycle. */
export interface ParsedWindow {
  readonly start: number;
  readonly end: number;
  readonly cycle: number;
}

const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const WEEKLY = new RegExp(`^(${DAYS.join('|')}):${TIME}-(${DAYS.join('|')}):${TIME}$`, 'i');
const DAILY = new RegExp(`^${TIME}-${TIME}$`);

/** Parses `ddd:hh24:mi-ddd:hh24:mi`; undefined when the text does not match the format. */
export function parseWeeklyWindow(text: string): ParsedWindow | undefined {
  const m = WEEKLY.exec(text);
  if (!m) return undefined;
  const at = (day: string, h: string, mi: string) => DAYS.indexOf(day.toLowerCase()) * MINUTES_PER_DAY + Number(h) * 60 + Number(mi);
  return wrap(at(m[1], m[2], m[3]), at(m[4], m[5], m[6]), MINUTES_PER_WEEK);
}

/** Parses `hh24:mi-hh24:mi`; undefined when the text does not match the format. */
export function parseDailyWindow(text: string): ParsedWindow | undefined {
  const m = DAILY.exec(text);
  if (!m) return undefined;
  return wrap(Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4]), MINUTES_PER_DAY);
}

function wrap(start: number, end: number, cycle: number): ParsedWindow {
  return { start, end: end <= start ? end + cycle : end, cycle };
}

export function windowMinutes(w: ParsedWindow): number {
  return w.end - w.start;
}

/** Checks a weekly maintenance window's format and its 60-minute minimum. */
export function checkMaintenanceWindow(scope: IConstruct, prop: string, value: string | undefined): void {
  checkWindow(scope, prop, value, parseWeeklyWindow, 'ddd:hh24:mi-ddd:hh24:mi in UTC (ddd is sun, mon, tue, wed, thu, fri or sat)');
}

/** Checks a daily snapshot window's format and its 60-minute minimum. */
export function checkSnapshotWindow(scope: IConstruct, prop: string, value: string | undefined): void {
  checkWindow(scope, prop, value, parseDailyWindow, 'hh24:mi-hh24:mi in UTC');
}

function checkWindow(
  scope: IConstruct, prop: string, value: string | undefined,
  parse: (text: string) => ParsedWindow | undefined, format: string,
): void {
  if (value === undefined || isUncheckable(value)) return;
  const w = parse(value);
  if (!w) throw new ValidationError(scope, prop, value, `a window written ${format}, at least ${MIN_WINDOW_MINUTES} minutes long`);
  const length = windowMinutes(w);
  if (length < MIN_WINDOW_MINUTES) {
    throw new ValidationError(scope, prop, value, `a window at least ${MIN_WINDOW_MINUTES} minutes long (this one is ${length})`);
  }
}

/**
 * Whether a weekly maintenance window and a daily snapshot window share any minute. The daily
 * window repeats on each of the 7 days, so it is compared once per day.
 */
export function windowsOverlap(weekly: ParsedWindow, daily: ParsedWindow): boolean {
  for (let day = -1; day <= 7; day++) {
    const start = day * MINUTES_PER_DAY + daily.start;
    const end = day * MINUTES_PER_DAY + daily.end;
    for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
      if (start < weekly.end + shift && weekly.start + shift < end) return true;
    }
  }
  return false;
}

/** Throws when both windows are known and overlap: ElastiCache rejects such a pair. */
export function checkWindowsDoNotOverlap(
  scope: IConstruct,
  maintenanceProp: string, maintenance: string | undefined,
  snapshotProp: string, snapshot: string | undefined,
): void {
  if (maintenance === undefined || snapshot === undefined || isUncheckable(maintenance) || isUncheckable(snapshot)) return;
  const weekly = parseWeeklyWindow(maintenance);
  const daily = parseDailyWindow(snapshot);
  if (weekly && daily && windowsOverlap(weekly, daily)) {
    throw new ValidationError(scope, snapshotProp, snapshot, `a window that does not overlap ${maintenanceProp} (${maintenance})`);
  }
}

/** Formats minutes after midnight as `HH:MM`. */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
