/**
 * The host's log lines reach stdout in batches: every line, in order, but one write for all the lines of a short
 * while, however many turns of the event loop they were logged in, and what is pending is written at exit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchedLines, LOG_FLUSH_MS } from '../../dev/functions-host/batched-lines.js';

describe('host log lines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const sink = () => {
    const writes: string[] = [];
    let atExit: () => void = () => undefined;
    const log = batchedLines({ write: (text: string) => writes.push(text) }, LOG_FLUSH_MS, (flush) => {
      atExit = flush;
    });
    return { writes, log, exit: () => atExit() };
  };

  it('when lines are logged over several turns of the event loop, then they leave in one write, in order', async () => {
    const { writes, log } = sink();
    log('Executing first');
    await vi.advanceTimersByTimeAsync(1);
    log('{"event":"invitation.created"}');
    await vi.advanceTimersByTimeAsync(1);
    log('Executed first');
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS);
    expect(writes).toEqual(['Executing first\n{"event":"invitation.created"}\nExecuted first\n']);
  });

  it('when a batch was written, then the next line starts a new one', async () => {
    const { writes, log } = sink();
    log('one');
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS);
    log('two');
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS);
    expect(writes).toEqual(['one\n', 'two\n']);
  });

  it('when the process exits, then pending lines are written at once', () => {
    const { writes, log, exit } = sink();
    log('last words');
    exit();
    expect(writes).toEqual(['last words\n']);
  });
});
