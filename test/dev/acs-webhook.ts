/**
 * A bare Event Grid webhook for the local ACS tests: answers the validation handshake, records every notification
 * and answers each with the next status of `answers` (then 200).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  headers: http.IncomingHttpHeaders;
  body: Array<{ id: string; eventType: string; subject: string; data: Record<string, unknown> }>;
}

export interface Webhook {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startWebhook(answers: number[] = []): Promise<Webhook> {
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(text) as RecordedCall['body'];
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ validationResponse: body[0]?.data.validationCode }));
        return;
      }
      calls.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/events`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function until<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
