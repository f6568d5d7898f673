const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `90s`, `15m`, `12h`, `30d`, `2w` into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const value = Number(m[1]) * (UNITS[m[2]] as number);
  return value > 0 ? value : undefined;
}
