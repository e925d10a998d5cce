/** A progress bar: a fraction 0–1, or null for "working, amount unknown" (an animated stripe). */

export function ProgressBar({
  value,
  label,
  tone = 'accent',
  size = 'normal',
  testId,
}: {
  value: number | null;
  /** The accessible name: `Pushing app:1`, `layer 3f2a…`. */
  label: string;
  tone?: 'accent' | 'ok' | 'bad' | 'muted';
  size?: 'normal' | 'thin';
  testId?: string;
}) {
  const percent = value === null ? null : Math.round(value * 100);
  return (
    <div
      className={`pbar pbar-${tone}${size === 'thin' ? ' pbar-thin' : ''}${value === null ? ' pbar-unknown' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-testid={testId}
    >
      <span className="pbar-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
