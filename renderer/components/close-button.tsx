/** The × that closes a dialog, a panel or a drawer; `label` says what it closes. */
export function CloseButton({
  label,
  onClick,
  disabled,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="icon-button close-button"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
    >
      ×
    </button>
  );
}
