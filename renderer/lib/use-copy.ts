/** A copy button's state: `copy(text)` puts it on the clipboard and shows ✓ for a moment. */
import { useCallback, useEffect, useState } from 'react';
import { copyText } from './clipboard.js';

export function useCopy(showMs = 1500): { copied: boolean; copy(text: string): Promise<boolean> } {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), showMs);
    return () => clearTimeout(t);
  }, [copied, showMs]);
  const copy = useCallback(async (text: string) => {
    const ok = await copyText(text);
    setCopied(ok);
    return ok;
  }, []);
  return { copied, copy };
}
