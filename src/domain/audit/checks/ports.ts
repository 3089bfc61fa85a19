// ports.closed and ports.open: plain TCP connects from here to the target host.
import net from "node:net";
import { hostOf } from "../target.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { result } from "./shared.js";

export type PortState = "open" | "refused" | "timeout" | "unreachable" | "unresolved";

export interface PortProbe {
  port: number;
  state: PortState;
  code?: string;
  timingMs: number;
}

function probePort(host: string, port: number, timeoutMs: number): Promise<PortProbe> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (state: PortState, code?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ port, state, ...(code ? { code } : {}), timingMs: elapsed() });
    };
    const timer = setTimeout(() => done("timeout"), timeoutMs);
    socket.once("connect", () => done("open"));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") done("refused", error.code);
      else if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") done("unresolved", error.code);
      else done("unreachable", error.code);
    });
  });
}

async function probeAll(ctx: CheckContext, ports: number[]): Promise<{ host: string; probes: PortProbe[] }> {
  const host = hostOf(new URL(ctx.target.url));
  const probes = await Promise.all(ports.map((port) => probePort(host, port, ctx.target.timeoutMs)));
  return { host, probes };
}

const list = (probes: PortProbe[]) => probes.map((probe) => `${probe.port} (${probe.state})`).join(", ");

async function checkClosed(ctx: CheckContext): Promise<CheckResult> {
  const id = "ports.closed";
  const { host, probes } = await probeAll(ctx, ctx.target.closedPorts);
  const evidence = { host, probes };
  // Nothing probed proves nothing: a warn never verifies the firewall item.
  if (probes.length === 0) return result(id, "warn", "no ports configured to be closed: set them with launch set --closed-ports", evidence);
  if (probes.some((probe) => probe.state === "unresolved")) return result(id, "error", `host name ${host} not found`, evidence);
  const open = probes.filter((probe) => probe.state === "open");
  if (open.length > 0) {
    return result(id, "fail", `reachable from the internet on ${open.map((probe) => probe.port).join(", ")}; firewall these ports`, evidence);
  }
  return result(id, "pass", `closed to us: ${list(probes)}`, evidence);
}

async function checkOpen(ctx: CheckContext): Promise<CheckResult> {
  const id = "ports.open";
  const { host, probes } = await probeAll(ctx, ctx.target.openPorts);
  const evidence = { host, probes };
  if (probes.some((probe) => probe.state === "unresolved")) return result(id, "error", `host name ${host} not found`, evidence);
  const closed = probes.filter((probe) => probe.state !== "open");
  if (closed.length > 0) return result(id, "fail", `not accepting connections: ${list(closed)}`, evidence);
  return result(id, "pass", `accepting connections on ${probes.map((probe) => probe.port).join(", ")}`, evidence);
}

export const portChecks: Check[] = [
  {
    id: "ports.closed",
    description: "database, cache and app-server ports are not reachable from outside",
    run: checkClosed,
  },
  {
    id: "ports.open",
    description: "the web ports (80, 443) accept connections",
    run: checkOpen,
  },
];
