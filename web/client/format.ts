// Numbers for the reader's locale. Pages are written with plain digits (data-n holds the raw value), and
// reformatted here, so the build needs no locale and a reader in Berlin sees 1.234.567 where one in
// London sees 1,234,567.

/**
 * The reader's languages that Intl accepts. A browser can report a tag Intl rejects (Chromium under LANG=C
 * reports `en-US@posix`), and one bad tag would make every NumberFormat throw and stop the whole script.
 */
export function usableLocales(languages: readonly string[] | undefined): string[] | undefined {
  if (!languages) return undefined;
  const usable = languages.filter((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  });
  return usable.length > 0 ? usable : undefined;
}

const locales = usableLocales(typeof navigator === 'undefined' ? undefined : navigator.languages);
const whole = new Intl.NumberFormat(locales, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(locales, { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locales, { style: 'percent', maximumFractionDigits: 1 });
const signed = new Intl.NumberFormat(locales, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });

export const formatNumber = (n: number): string => whole.format(n);
export const formatCompact = (n: number): string => compact.format(n);
export const formatSigned = (n: number): string => signed.format(n);
export const formatPercent = (share: number): string => percent.format(share);

/** Rewrites every [data-n] and [data-pct] under `root` in the reader's locale; empty data-n stays as is. */
export function formatNumbersIn(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-n]')) {
    const text = el.dataset.n ?? '';
    if (text === '') continue;
    const n = Number(text);
    if (Number.isFinite(n)) el.textContent = formatNumber(n);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-pct]')) {
    const n = Number(el.dataset.pct);
    if (Number.isFinite(n)) el.textContent = formatPercent(n);
  }
}
