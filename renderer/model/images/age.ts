/**
 * Short relative ages for the Created column (`3 min ago`, `5 days ago`, `2 mo ago`): the column
 * stays narrow, and the exact time is in the tooltip.
 */
export function compactAge(unixSeconds: number, nowMs: number): string {
  const s = Math.floor(nowMs / 1000) - unixSeconds;
  if (s < 60) return 'just now';
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.floor(h / 24);
  if (d < 14) return `${d} days ago`;
  if (d < 60) return `${Math.floor(d / 7)} wk ago`;
  if (d < 730) return `${Math.floor(d / 30)} mo ago`;
  return `${Math.floor(d / 365)} yr ago`;
}
