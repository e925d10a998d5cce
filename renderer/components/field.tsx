/**
 * A form field: its label, the control, and under it the problem (announced) or a hint. The
 * control takes `id`, and `aria-describedby={messageId(id)}` to have the message read with it.
 */
import type { ReactNode } from 'react';

export const messageId = (id: string): string => `${id}-msg`;

export function Field({
  id,
  label,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="field-error" id={messageId(id)} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={messageId(id)}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
