/**
 * Fixed windows, as every limit counts: windows of `windowSeconds` aligned on the epoch (an hour's window starts on
 * the hour), so every instance of the app puts a moment in the same window.
 */
export interface FixedWindow {
  start: Date;
  /** Whole seconds until the window ends (at least 1: the moment is inside the window). */
  retryAfterSeconds: number;
}

export function fixedWindow(now: Date, windowSeconds: number): FixedWindow {
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return {
    start: new Date(start),
    retryAfterSeconds: Math.ceil((start + windowMs - now.getTime()) / 1000),
  };
}
