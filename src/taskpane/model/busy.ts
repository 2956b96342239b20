/**
 * One Excel action at a time: a second click while the first insert's
 * Excel.run is still busy would insert twice (overlapping tables, duplicate
 * new-sheet names). Pure (no React, no Office) so it is unit-testable.
 */
export interface SingleFlight<A extends unknown[], R> {
  /** Starts `fn` unless a call is still running; then returns undefined (the click is ignored). */
  run(...args: A): Promise<R> | undefined;
  busy(): boolean;
}

export function singleFlight<A extends unknown[], R>(fn: (...args: A) => Promise<R>): SingleFlight<A, R> {
  let running = false;
  return {
    run(...args: A) {
      if (running) return undefined;
      running = true;
      let p: Promise<R>;
      try {
        p = Promise.resolve(fn(...args));
      } catch (e) {
        p = Promise.reject(e);
      }
      return p.finally(() => {
        running = false;
      });
    },
    busy: () => running,
  };
}
