/**
 * `MaxRecords`/`Marker` pagination (20–100 records, default 100) and the serverless operations'
 * `MaxResults`/`NextToken` (1–50, default 50): the marker is the position of the next record.
 */
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';

export interface PageStyle {
  readonly sizeParam: string;
  readonly markerParam: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export const RECORDS: PageStyle = { sizeParam: 'MaxRecords', markerParam: 'Marker', min: 20, max: 100, default: 100 };
export const RESULTS: PageStyle = { sizeParam: 'MaxResults', markerParam: 'NextToken', min: 1, max: 50, default: 50 };

function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeMarker(marker: string, param: string): number {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const match = /^offset:(\d+)$/.exec(text);
  if (!match) throw API_ERRORS.invalidValue(`Invalid ${param}: '${marker}' is not a marker this service returned.`);
  return Number(match[1]);
}

/** One page of `items` and the marker of the next page, if any. */
export function paginate<T>(items: readonly T[], params: RequestParams, style: PageStyle = RECORDS): { page: T[]; marker?: string } {
  const size = params.integer(style.sizeParam) ?? style.default;
  if (size < style.min || size > style.max) {
    throw API_ERRORS.invalidValue(`${style.sizeParam} must be between ${style.min} and ${style.max}; got ${size}.`);
  }
  const marker = params.string(style.markerParam);
  const start = marker ? decodeMarker(marker, style.markerParam) : 0;
  const page = items.slice(start, start + size);
  const next = start + size;
  return { page, marker: next < items.length ? encodeMarker(next) : undefined };
}
