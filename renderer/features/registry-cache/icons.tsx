/** Line icons of the registry cache rows, drawn like the artifact cache's (16 px, text colour). */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="ac-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {children}
    </svg>
  );
}

export function PullIcon() {
  return (
    <Icon>
      <path d="M8 2.5V11M4.5 7.5 8 11l3.5-3.5M3 13.5h10" />
    </Icon>
  );
}

export function InfoIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 7.2v3.8M8 5v.01" />
    </Icon>
  );
}

export function RefreshIcon() {
  return (
    <Icon>
      <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3" />
    </Icon>
  );
}
