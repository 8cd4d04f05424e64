import { useEffect, useState } from "preact/hooks";

/** A module-level value many components show: set it with `publish`, read it with `useShared`. */
export interface Shared<T> {
  readonly read: () => T;
  readonly listeners: Set<() => void>;
}

export function publishTo<T>(shared: Shared<T>): void {
  for (const listener of shared.listeners) listener();
}

/** Re-renders the caller whenever the shared value is published. */
export function useShared<T>(shared: Shared<T>): T {
  const [value, setValue] = useState(shared.read);
  useEffect(() => {
    const listener = (): void => setValue(shared.read);
    shared.listeners.add(listener);
    // A value published between the render and this effect would otherwise never reach the
    // caller, and a page waiting on it would wait for ever.
    listener();
    return () => {
      shared.listeners.delete(listener);
    };
  }, [shared]);
  return value;
}
