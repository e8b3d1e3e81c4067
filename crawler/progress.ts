// Crawl progress for a person or a log. On a terminal one line is redrawn in place; elsewhere (cron, CI,
// a pipe) a plain line is written every `intervalMs`, so logs stay readable.
export interface ProgressCounts {
  readonly done: number;
  readonly known: number;
  readonly ok: number;
  readonly failed: number;
}

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporter {
  update(counts: ProgressCounts): void;
  finish(): void;
}

export function createProgress(sink: ProgressSink, clock: () => number, intervalMs = 10_000): ProgressReporter {
  const started = clock();
  let lastPlain = started;
  let lastDraw = 0;
  let drewLine = false;
  const format = (c: ProgressCounts): string => {
    const seconds = Math.max((clock() - started) / 1000, 0.001);
    const rate = c.done / seconds;
    const remaining = Math.max(c.known - c.done, 0);
    const eta = rate > 0 ? formatDuration(remaining / rate) : '?';
    return `${c.done}/${c.known} servers, ${c.ok} ok, ${c.failed} failed, ${rate.toFixed(1)}/s, ETA ${eta}`;
  };
  return {
    update(counts) {
      const now = clock();
      if (sink.isTTY) {
        if (now - lastDraw < 100) return; // redraw at most 10 times a second
        lastDraw = now;
        sink.write(`\r\x1b[2K${format(counts)}`);
        drewLine = true;
      } else if (now - lastPlain >= intervalMs) {
        lastPlain = now;
        sink.write(`progress: ${format(counts)}\n`);
      }
    },
    finish() {
      if (drewLine) sink.write('\r\x1b[2K');
    },
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
