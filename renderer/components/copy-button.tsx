/**
 * A button that copies a text and says "✓" for a moment (`onCopied` hears whether it worked), and
 * a shortened id shown as code beside it.
 */
import { useCopy } from '../lib/use-copy.js';
import { CopyIcon } from './icons.js';

export interface CopyButtonProps {
  text: string;
  /** The accessible name: `Copy image ID 3f2a…`. */
  label: string;
  /** The tooltip before copying (the label by default). */
  title?: string;
  onCopied?(ok: boolean): void;
  className?: string;
}

export function CopyButton({ text, label, title, onCopied, className }: CopyButtonProps) {
  const { copied, copy } = useCopy(1200);
  return (
    <button
      type="button"
      className={`icon-button copy${copied ? ' is-copied' : ''}${className ? ` ${className}` : ''}`}
      aria-label={label}
      title={copied ? 'Copied' : (title ?? label)}
      onClick={(e) => {
        // A copy in a grid row is not a click on the row.
        e.stopPropagation();
        void copy(text).then((ok) => onCopied?.(ok));
      }}
    >
      {copied ? <span className="copied">✓</span> : <CopyIcon size={14} />}
    </button>
  );
}

/** A shortened id or key as code (whole in its tooltip), and the button that copies it whole. */
export function CopyableCode({
  text,
  shown,
  label,
  title,
  onCopied,
  testId,
  className,
}: {
  text: string;
  /** What the cell shows: `3f2a9c1d0b7e`. */
  shown: string;
  label: string;
  title?: string;
  onCopied?(ok: boolean): void;
  testId?: string;
  className?: string;
}) {
  return (
    <span className="copyable">
      <code
        className={className ? `mono truncate ${className}` : 'mono truncate'}
        title={text}
        data-testid={testId}
      >
        {shown}
      </code>
      <CopyButton text={text} label={label} title={title} onCopied={onCopied} />
    </span>
  );
}
