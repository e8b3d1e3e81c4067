// Reading response bodies without trusting their size, and turning them into text or JSON. The cap is enforced
// while reading, so a server that streams forever (or lies in Content-Length) costs at most maxBytes of memory.
import type { Readable } from 'node:stream';

export type CappedRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly truncated: boolean }
  | { readonly ok: false; readonly receivedBytes: number };

/**
 * Reads at most `maxBytes`. Over the cap the stream is destroyed (the connection is dropped rather than drained)
 * and the result is `ok: false`, unless `truncate` is set, which keeps the first `maxBytes` (robots.txt).
 */
export async function readCapped(body: Readable, maxBytes: number, truncate = false): Promise<CappedRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (total + chunk.length > maxBytes) {
      body.destroy();
      if (!truncate) return { ok: false, receivedBytes: total + chunk.length };
      chunks.push(chunk.subarray(0, maxBytes - total));
      return { ok: true, bytes: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(chunk);
    total += chunk.length;
  }
  return { ok: true, bytes: Buffer.concat(chunks, total), truncated: false };
}

/** A declared Content-Length already over the cap: no need to read a byte of it. */
export function declaredTooLarge(contentLength: string | string[] | undefined, maxBytes: number): boolean {
  const value = Array.isArray(contentLength) ? contentLength[0] : contentLength;
  return value !== undefined && /^\d+$/.test(value) && Number(value) > maxBytes;
}

// Non-streaming decode() keeps no state between calls, so one decoder serves every response.
const UTF8 = new TextDecoder('utf-8');

/** UTF-8 (what JSON and robots.txt must be), BOM dropped, invalid sequences replaced rather than fatal. */
export function decodeText(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

export type JsonDecode = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/**
 * JSON or the reason it is not. HTML is named separately: parking pages, login walls and SPA fallbacks answer
 * 200 with HTML, and "HTML" tells an operator more than a parse error at position 0.
 */
export function decodeJson(bytes: Uint8Array, contentType: string | undefined): JsonDecode {
  const text = decodeText(bytes);
  const start = text.trimStart();
  if (/^\s*text\/html\b/i.test(contentType ?? '') || start.startsWith('<')) return { ok: false, reason: 'HTML' };
  if (start === '') return { ok: false, reason: 'empty body' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}
