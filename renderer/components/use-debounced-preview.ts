import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { errorWords } from '../model/errors.js';

/** Wait after a change before asking for a new preview. */
const PREVIEW_DEBOUNCE_MS = 200;

export type PreviewState<T> =
  | { status: 'idle' }
  | { status: 'loading'; last: T | null }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

/**
 * The preview of a deletion, asked for again a moment after `request` or `again` changes, keeping
 * the last one on screen while the next is on its way; none is asked for while `request` is null
 * (invalid filters, or the deletion has started). An answer that arrives after a newer request is
 * dropped.
 */
export function useDebouncedPreview<R, T>(
  request: R | null,
  load: (request: R) => Promise<T>,
  again: string | number,
): { state: PreviewState<T>; setState: Dispatch<SetStateAction<PreviewState<T>>> } {
  const [state, setState] = useState<PreviewState<T>>(() =>
    request === null ? { status: 'idle' } : { status: 'loading', last: null },
  );

  useEffect(() => {
    if (request === null) return;
    let live = true;
    setState((s) => ({
      status: 'loading',
      last: s.status === 'ready' ? s.value : s.status === 'loading' ? s.last : null,
    }));
    const timer = setTimeout(() => {
      load(request).then(
        (value) => live && setState({ status: 'ready', value }),
        (err: unknown) => live && setState({ status: 'error', message: errorWords(err) }),
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request, load, again]);

  return { state, setState };
}
