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

/** 127.0.0.2 (also loopback) has none of the machine's services on it: every port there is closed but ours. */
async function listen(server: net.Server, host = "127.0.0.1"): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
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
  host?: string,
): Promise<RunningServer> {
  return listen(https.createServer({ cert: cert.certPem, key: cert.keyPem, ...tlsOptions }, handler), host);
}

export function startHttp(handler: http.RequestListener, host?: string): Promise<RunningServer> {
  return listen(http.createServer(handler), host);
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
