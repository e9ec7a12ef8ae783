/** Small helpers both feed readers (HTTP and disk) share. */

/** How long ago a `performance.now()` reading was, in whole milliseconds: fetch results report it as durationMs. */
export function elapsedMs(startedMs: number): number {
  return Math.round(performance.now() - startedMs);
}

/** Drop undefined values so optional fields are absent rather than present-and-undefined. */
export function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
