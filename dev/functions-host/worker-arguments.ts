/**
 * The Node.js arguments Azure's Functions host starts the language worker with: the app setting
 * `languageWorkers__node__arguments` (docs/decisions.md, "The worker's heap is sized to the instance"), split on
 * whitespace. The local host is the worker too, so whoever starts it passes these as its `execArgv`.
 */
export function workerArguments(env: NodeJS.ProcessEnv | Record<string, string | undefined>): string[] {
  return (env.languageWorkers__node__arguments ?? '').split(/\s+/).filter(Boolean);
}
