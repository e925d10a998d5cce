/**
 * A toolbar filter as a select: the first option, with the empty value, means no filter; the others
 * are the choices. The value comes back as one of the choices, or null for no filter.
 */
export function FilterSelect<T extends string>({
  label,
  value,
  choices,
  anyLabel,
  choiceLabel = (c) => c,
  onChange,
  className = 'filter-select',
  testId,
}: {
  /** The accessible name. */
  label: string;
  value: T | null;
  choices: readonly T[];
  /** The words of the no-filter option: 'All artifacts', 'Any outcome'. */
  anyLabel: string;
  choiceLabel?(choice: T): string;
  onChange(value: T | null): void;
  /** Defaults to the shared toolbar select. */
  className?: string;
  testId?: string;
}) {
  return (
    <select
      className={className}
      aria-label={label}
      value={value ?? ''}
      data-testid={testId}
      onChange={(e) => onChange(choices.find((c) => c === e.target.value) ?? null)}
    >
      <option value="">{anyLabel}</option>
      {choices.map((c) => (
        <option key={c} value={c}>
          {choiceLabel(c)}
        </option>
      ))}
    </select>
  );
}
