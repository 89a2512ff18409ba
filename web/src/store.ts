// A value that components re-render on: the one state primitive of the console (session,
// location, locale). use() subscribes the calling component.
import { useEffect, useState } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  set(value: T): void;
  use(): T;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      listeners.forEach((f) => f());
    },
    use() {
      const [, rerender] = useState(0);
      useEffect(() => {
        const f = () => rerender((n) => n + 1);
        listeners.add(f);
        return () => {
          listeners.delete(f);
        };
      }, []);
      return value;
    },
  };
}
