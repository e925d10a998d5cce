/** A search field with its magnifier, as the images filter and the registry cache search use it. */
import type { ReactNode, RefObject } from 'react';

interface Props {
  value: string;
  onChange(text: string): void;
  placeholder: string;
  label: string;
  testId: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** Added to `search-box`, for where the box sits. */
  className?: string;
  /** `aria-keyshortcuts` of the key that focuses the field. */
  keyShortcut?: string;
  /** Drawn after the field (a key hint). */
  children?: ReactNode;
}

/** Escape clears a non-empty field (and goes no further); an empty one lets it through. */
export function SearchBox(props: Props) {
  const { value, onChange, className, children } = props;
  return (
    <div className={className ? `search-box ${className}` : 'search-box'}>
      <svg
        viewBox="0 0 16 16"
        width="14"
        height="14"
        aria-hidden="true"
        className="icon search-icon"
      >
        <circle cx="7" cy="7" r="4.5" />
        <path d="M10.5 10.5 14 14" />
      </svg>
      <input
        ref={props.inputRef}
        type="search"
        className="filter"
        placeholder={props.placeholder}
        aria-label={props.label}
        aria-keyshortcuts={props.keyShortcut}
        data-testid={props.testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value !== '') {
            e.preventDefault();
            onChange('');
          }
        }}
      />
      {children}
    </div>
  );
}
