// Version names of published census snapshots: "2026-11-26T0312Z-1a2b3c4d". The UTC minute first, so
// names sort by time as plain strings (pruning and listings rely on that); then the start of the census
// file's SHA-256, so two publications in one minute differ unless the data is identical.

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{4}Z-[0-9a-f]{8}$/;

export function versionId(at: Date, sha256: string): string {
  if (!/^[0-9a-f]{8,}$/.test(sha256)) throw new Error(`not a hex SHA-256: ${sha256}`);
  const iso = at.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z-${sha256.slice(0, 8)}`;
}

/** Whether a name is a version directory (and so safe to use in a path and eligible for pruning). */
export function isVersionId(name: string): boolean {
  return VERSION_PATTERN.test(name);
}
