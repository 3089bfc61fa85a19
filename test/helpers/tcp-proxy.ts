// A TCP proxy in front of the real PostgreSQL, to make the database misbehave like the
// repro did: `stall` (connections are accepted and nothing is ever answered) or `down`
// (every connection is cut). Also a bare listener that accepts and never answers.
import { createServer, type Server, type Socket, connect } from "node:net";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "stall" | "down";

export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: ProxyMode = "pass";
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (mode === "down") return client.destroy();
    if (mode === "stall") return;
    const upstream = connect(target.port, target.host);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on("data", (d) => {
      if (mode === "pass") upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (mode === "pass") client.write(d);
    });
  });
  const port = await listenOn(server);
  return {
    port,
    /** `stall`: open connections go silent too; `down`: every open connection is cut. */
    set(next: ProxyMode) {
      mode = next;
      if (next === "down") for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A listener that accepts connections and never answers (the stalled database of the repro). */
export async function startSilentListener() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  const port = await listenOn(server);
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function listenOn(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}
