/** The health route's answer, as a zod schema, and its OpenAPI description. */
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
  tags: ['ops'],
  responses: {
    '200': { description: 'Every check is ok', schema: healthSchema },
    '503': { description: 'At least one dependency is failing', schema: healthSchema },
  },
};
