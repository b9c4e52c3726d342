/** The operations routes' answers, as zod schemas, and their OpenAPI descriptions: health and this document. */
import { z } from 'zod';
import type { RouteDoc } from '../openapi.js';

const checkStatus = z.enum(['ok', 'failing']);

export const healthSchema = z
  .object({
    status: checkStatus,
    checks: z.object({ storage: checkStatus, email: checkStatus, sms: checkStatus, identity: checkStatus }),
  })
  .meta({ id: 'Health' });

export const healthRoute: RouteDoc = {
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'State of each dependency (storage, email, SMS, identity); cached about 10 s',
  description:
    'Statuses only (`ok` or `failing`), never error text — that goes to the logs. The answer is computed at most ' +
    'about every 10 s, so polling it does not multiply calls to the dependencies.',
  tags: ['ops'],
  responses: {
    '200': { description: 'Every check is ok', schema: healthSchema },
    '503': { description: 'At least one dependency is failing', schema: healthSchema },
  },
};

export const openApiRoute: RouteDoc = {
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This OpenAPI 3.1 document',
  description:
    'Generated from the zod schemas the functions validate with and the routes\u2019 descriptions, so it cannot ' +
    'drift from the code.',
  tags: ['ops'],
  responses: {
    '200': {
      description: 'The OpenAPI document',
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
    },
  },
};
