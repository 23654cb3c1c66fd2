// A round-robin TCP balancer on loopback, in front of the App's replicas in the load test: each new
// connection goes to the next replica in turn. The load test's deliveries open one connection each (as
// GitHub's do), so consecutive deliveries, a delivery and its concurrent duplicate among them, reach
// different replicas.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  /** http://127.0.0.1:port */
  url: string;
  /** Connections sent to each target so far. */
  connections: number[];
  close(): Promise<void>;
}

export async function startBalancer(targets: readonly number[]): Promise<Balancer> {
  const connections = targets.map(() => 0);
  const open = new Set<net.Socket>();
  let next = 0;
  // No Nagle delay on either side: a request's headers and body may arrive as two writes.
  const server = net.createServer({ noDelay: true }, (client) => {
    const index = next;
    next = (next + 1) % targets.length;
    connections[index]! += 1;
    const upstream = net.connect({ port: targets[index]!, host: '127.0.0.1', noDelay: true });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    // A replica that closes or fails closes the client's connection too, and the other way round.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `n` loopback ports free at this moment: each taken at once, then all given back. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
