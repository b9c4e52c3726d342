/** The dispatchers' last delivery (shared/http/queue-delivery.ts) is the host's: host.json's maxDequeueCount. */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { isLastDelivery, MAX_DEQUEUE_COUNT } from '../../shared/http/queue-delivery.js';
import { deliveryContext, LAST_DEQUEUE } from '../support/queue-delivery.js';

describe('the last delivery of a queue message', () => {
  it('when host.json is read, then its maxDequeueCount is the count the dispatchers stop throwing at', () => {
    expect(MAX_DEQUEUE_COUNT).toBe(LAST_DEQUEUE);
  });

  it('when the host delivers a message, then only its last delivery is the last: before it the host retries', () => {
    const last = Array.from({ length: LAST_DEQUEUE + 1 }, (_, i) => isLastDelivery(deliveryContext('F', i + 1)));
    expect(last).toEqual([...Array.from({ length: LAST_DEQUEUE - 1 }, () => false), true, true]);
  });

  it('when the context says nothing of the dequeue count, then it is a first delivery', () => {
    expect(isLastDelivery(new azf.InvocationContext({ functionName: 'F', logHandler: () => {} }))).toBe(false);
  });
});
