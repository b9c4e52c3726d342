/**
 * The host's log lines to stdout, batched: a request logs three lines or more (Executing, the function's own,
 * Executed), and on Linux a write to a pipe is a system call that also wakes the reader (the launcher, the test or
 * bench stack). Lines are gathered for `everyMs` and written together; whatever is pending is written when the
 * process exits. One write per turn of the event loop still cost about a twentieth of the host's CPU under load
 * (bench): one write per 20 ms costs next to nothing, and a line is never more than 20 ms late.
 */
export const LOG_FLUSH_MS = 20;

export function batchedLines(
  stream: { write(text: string): unknown },
  everyMs = LOG_FLUSH_MS,
  onExit: (flush: () => void) => void = (flush) => process.once('exit', flush),
): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  onExit(flush);
  return (line) => {
    // The timer does not keep the process alive: at exit, onExit writes what is left.
    if (pending.push(`${line}\n`) === 1) setTimeout(flush, everyMs).unref();
  };
}
