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

type Wanted = "closed" | "open";

/** `ports.closed:5432`: what the check's probe of that one port says, so an item names the port that matters to it. */
function narrowToPort(wanted: Wanted) {
  return (result: CheckResult, qualifier: string): CheckResult => {
    const port = Number(qualifier);
    const id = `${result.id}:${port}`;
    const host = result.evidence.host;
    const probes = Array.isArray(result.evidence.probes) ? (result.evidence.probes as PortProbe[]) : [];
    const carried = result.cannotVerify ? { cannotVerify: result.cannotVerify } : {};
    const probe = probes.find((candidate) => candidate.port === port);
    if (!probe) {
      if (result.status === "error") return { ...result, id };
      return { id, status: "warn", summary: `port ${port} was not probed: add it with launch set --${wanted}-ports`, evidence: { host, probed: probes.map((p) => p.port) }, ...carried };
    }
    const evidence = { host, probe };
    if (probe.state === "unresolved") return { id, status: "error", summary: `host name ${host} not found`, evidence, ...carried };
    const isOpen = probe.state === "open";
    const summary = isOpen ? `port ${port} accepts connections from here` : `port ${port} is closed to us (${probe.state})`;
    const passes = wanted === "open" ? isOpen : !isOpen;
    return { id, status: passes ? "pass" : "fail", summary: passes || wanted === "open" ? summary : `${summary}; firewall it`, evidence, ...carried };
  };
}

const portQualifier = (wanted: Wanted) => ({
  valid: (qualifier: string) => /^\d{1,5}$/.test(qualifier) && Number(qualifier) >= 1 && Number(qualifier) <= 65535,
  expected: `a port number, like ports.${wanted}:${wanted === "closed" ? 5432 : 443}`,
  narrow: narrowToPort(wanted),
});

/** Qualifiers for bindings (see check-ids.ts). */
export const portQualifiers = { "ports.closed": portQualifier("closed"), "ports.open": portQualifier("open") };

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
