/** A queue message's delivery as the host hands it to a function: its dequeue count, and the host's last one. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import azf from '@azure/functions';

const hostJson = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../host.json'), 'utf8')) as {
  extensions: { queues: { maxDequeueCount: number } };
};

/** host.json `extensions.queues.maxDequeueCount`: the delivery after which the host parks the message. */
export const LAST_DEQUEUE = hostJson.extensions.queues.maxDequeueCount;

/** The context of the `dequeueCount`-th delivery of a message to `functionName`, its log lines dropped. */
export const deliveryContext = (functionName: string, dequeueCount: number) =>
  new azf.InvocationContext({
    invocationId: `inv-${dequeueCount}`,
    functionName,
    triggerMetadata: { dequeueCount },
    logHandler: () => {},
  });
