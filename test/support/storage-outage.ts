/**
 * A storage outage on demand: a TCP proxy in front of Azurite's table and queue endpoints. While it is up, bytes
 * flow both ways; `down()` cuts every open connection and resets new ones, as a storage account that stopped
 * answering would (the SDKs see connection errors and retry, then give up). The real SDKs are pointed at it
 * through an ordinary connection string.
 */
import net from 'node:net';

export interface StorageOutage {
  /** A connection string like Azurite's, with the table and queue endpoints going through the proxy. */
  connectionString: string;
  up(): void;
  down(): void;
  /** Connections opened since the start (every storage call through the proxy opens or reuses one). */
  connections(): number;
  close(): Promise<void>;
}

async function proxyTo(targetPort: number, state: { up: boolean; sockets: Set<net.Socket>; opened: number }) {
  const server = net.createServer((client) => {
    state.opened += 1;
    if (!state.up) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    state.sockets.add(client);
    state.sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      state.sockets.delete(client);
      state.sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Proxies the table and queue endpoints of an Azurite connection string. */
export async function storageOutage(azuriteConnectionString: string): Promise<StorageOutage> {
  const state = { up: true, sockets: new Set<net.Socket>(), opened: 0 };
  const port = (name: string) => {
    const match = new RegExp(`${name}Endpoint=http://[^:]+:(\\d+)/`).exec(azuriteConnectionString);
    if (!match) throw new Error(`no ${name}Endpoint in the connection string`);
    return Number(match[1]);
  };
  const servers = await Promise.all([proxyTo(port('Table'), state), proxyTo(port('Queue'), state)]);
  const [table, queue] = servers.map((s) => (s.address() as net.AddressInfo).port);
  const connectionString = azuriteConnectionString
    .replace(/TableEndpoint=http:\/\/[^:]+:\d+\//, `TableEndpoint=http://127.0.0.1:${table}/`)
    .replace(/QueueEndpoint=http:\/\/[^:]+:\d+\//, `QueueEndpoint=http://127.0.0.1:${queue}/`);
  const down = () => {
    state.up = false;
    for (const socket of state.sockets) socket.destroy();
    state.sockets.clear();
  };
  return {
    connectionString,
    up() {
      state.up = true;
    },
    down,
    connections: () => state.opened,
    async close() {
      down();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
