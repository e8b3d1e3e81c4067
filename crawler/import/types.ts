// What the readers of ./formats.ts return, and how they fail.
import type { ServerObservation } from '../observation.ts';

export const IMPORT_FORMATS = ['zegl-crawl-jsonl', 'zegl-daily-csv', 'joinmastodon-statistics-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export class ImportFormatError extends Error {}

/** Servers observed on one day, as the census's own crawl would have recorded them. */
export interface ObservedDay {
  readonly day: string;
  readonly observations: readonly ServerObservation[];
}

export interface ReferencePoint {
  readonly day: string;
  /** The publisher's own name for the figure. */
  readonly metric: string;
  readonly value: number;
}

export type ImportedFile =
  | { readonly kind: 'observations'; readonly format: ImportFormat; readonly source: string; readonly days: readonly ObservedDay[]; readonly notes: readonly string[] }
  | { readonly kind: 'reference'; readonly format: ImportFormat; readonly source: string; readonly points: readonly ReferencePoint[]; readonly notes: readonly string[] };

/** The YYYY-MM-DD a file name carries (the crawl's day), or null. */
export function dayInName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  const found = base.match(/(\d{4}-\d{2}-\d{2})/g);
  return found && found.length === 1 ? found[0]! : null;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}
