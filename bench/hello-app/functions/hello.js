/**
 * The whole hello-world app: one anonymous HTTP function. `npm run bench` times its first response against the
 * first response of the built service on the same local Functions host (cold start).
 */
import azf from '@azure/functions';

azf.app.http('Hello', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'hello',
  handler: async () => ({ status: 200, jsonBody: { hello: 'world' } }),
});
