import { useEffect, useRef, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies text with navigator.clipboard.writeText and says for a moment whether it worked. */
export function useCopy(resetAfterMs = 2000) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  function copy(text: string): Promise<boolean> {
    window.clearTimeout(timer.current);
    const done = (next: CopyState) => {
      setState(next);
      timer.current = window.setTimeout(() => setState('idle'), resetAfterMs);
      return next === 'copied';
    };
    if (!navigator.clipboard) return Promise.resolve(done('failed'));
    return navigator.clipboard.writeText(text).then(
      () => done('copied'),
      () => done('failed'),
    );
  }

  return { state, copy };
}
