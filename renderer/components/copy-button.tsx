/** A button that copies a text and says "✓" for a moment; `onCopied` hears whether it worked. */
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
