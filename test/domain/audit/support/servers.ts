// Real loopback servers for the audit tests: HTTPS with a test certificate,
// plain HTTP, and a port that is certainly closed.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type tls from "node:tls";

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (server instanceof http.Server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startHttps(
  cert: { certPem: string; keyPem: string },
  handler: http.RequestListener,
  tlsOptions: tls.TlsOptions = {},
): Promise<RunningServer> {
  return listen(https.createServer({ cert: cert.certPem, key: cert.keyPem, ...tlsOptions }, handler));
}

export function startHttp(handler: http.RequestListener): Promise<RunningServer> {
  return listen(http.createServer(handler));
}

export function startTcp(): Promise<RunningServer> {
  return listen(net.createServer((socket) => socket.end()));
}

/** A port that was just bound and released: nothing listens there. */
export async function closedPort(): Promise<number> {
  const server = await startTcp();
  await server.close();
  return server.port;
}
