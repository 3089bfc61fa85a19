// What people see (#14): replies and posts rendered for the shell (text), Slack (Block Kit) and
// Teams (Adaptive Cards), read as a person reads them. Commands run through the one dispatcher.
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { dispatch } from "../../commands/dispatch.js";
import type { Services } from "../../commands/types.js";
import { launchState } from "../../src/domain/announcements/launch-state.js";
import { readinessPost } from "../../src/domain/announcements/messages.js";
import type { Surface } from "../../src/domain/launches/types.js";
import { type AdaptiveCard, renderAdaptiveCard } from "../../src/render/adaptivecard.js";
import { renderBlockKit } from "../../src/render/blockkit.js";
import type { Reply } from "../../src/render/reply.js";
import { renderText } from "../../src/render/text.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { peopleRepo } from "../../src/storage/people-repo.js";
import { assertValidCard } from "../helpers/adaptive-cards.js";
import { engines, useDatabase } from "../helpers/db.js";
import { testServices } from "../helpers/harness.js";

const RITA = "a7d04e12-3c9b-4c1e-9a55-0f3a6b2d9e11";
const BOB = "b0b0b0b0-0000-4000-8000-000000000002";
const BOB2 = "b0b0b0b0-0000-4000-8000-000000000003";
const NOW = "2026-11-22T09:00:00Z";

function as(services: Services, surface: Surface, id: string) {
  const parseMention = (token: string) => {
    const bare = token.trim().replace(/^<@|>$/g, "").replace(/^@/, "");
    return /^[0-9a-f-]{36}$/.test(bare) || /^U[A-Z0-9]{8,}$/.test(bare) ? bare : null;
  };
  return async (line: string): Promise<Reply> =>
    (await dispatch(commands, { services, actor: { id, surface }, conversation: `${surface}-channel`, parseMention }, line)).reply;
}

/** What a person can read in a card: texts and facts, markdown escapes undone. */
function cardText(card: AdaptiveCard): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const r = v as Record<string, unknown>;
      if (r.type === "TextBlock") out.push(String(r.text));
      if (typeof r.title === "string" && typeof r.value === "string") out.push(`${r.title}: ${r.value}`);
      Object.values(r).forEach(walk);
    }
  };
  walk(card.body);
  return out.join("\n").replace(/\\(.)/g, "$1").replaceAll("**", "");
}
const card = (r: Reply) => {
  const c = renderAdaptiveCard(r);
  assertValidCard(c);
  return c;
};
const slack = (r: Reply) => JSON.stringify(renderBlockKit(r).blocks as KnownBlock[]);
/** Titles of a card's actions, `…`-prefixed when they sit in the overflow menu. */
function cardActions(c: AdaptiveCard): string[][] {
  const sets: string[][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const r = v as Record<string, unknown>;
      if (r.type === "ActionSet") sets.push((r.actions as { title: string; mode?: string }[]).map((a) => (a.mode === "secondary" ? `…${a.title}` : a.title)));
      else Object.values(r).forEach(walk);
    }
  };
  walk(c.body);
  return sets;
}

describe.each(engines)("what people see on %s", (engine) => {
  const db = useDatabase(engine);

  async function teamsLaunch() {
    const { services, clock } = testServices(db(), NOW);
    const at = clock.now();
    await peopleRepo.remember(db(), { surface: "teams", userId: RITA, displayName: "Rita Alvarez", at });
    await peopleRepo.remember(db(), { surface: "teams", userId: BOB, displayName: "Bob Stone", at });
    const rita = as(services, "teams", RITA);
    expect((await rita("launch create shop --checklist django-osce --date 2026-12-01")).ok).toBe(true);
    await rita("launch use shop");
    return { services, clock, rita };
  }

  it("shows people by name in Teams: owners, history, launch show, decisions, the readiness post", async () => {
    const { services, rita } = await teamsLaunch();
    expect(renderText(await rita(`assign 1.2.2 @${BOB}`))).toMatch(/1\.2\.2 assigned to/);
    await rita('go --override "CISO accepted the risk, SEC-12"');
    const replies = [await rita("list 1"), await rita("history"), await rita("launch show"), await rita("status")];
    for (const r of replies) {
      const text = cardText(card(r));
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(renderText(r)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    expect(cardText(card(replies[0]!))).toMatch(/1\.2\.2 Run migrations.*Bob Stone/);
    expect(cardText(card(replies[1]!))).toMatch(/Rita Alvarez assigned 1\.2\.2 to Bob Stone/);
    expect(cardText(card(replies[2]!))).toMatch(/Release managers: Rita Alvarez/);
    expect(cardText(card(replies[3]!))).toMatch(/Decision: GO by Rita Alvarez, 2026-11-22 09:00, override: CISO accepted the risk, SEC-12/);

    const launch = (await launchesRepo.byName(db(), "shop"))!;
    const state = await launchState(db(), launch, services.clock.now());
    const post = readinessPost(launch, state.readiness, state.items, state.names);
    expect(cardText(card(post))).toMatch(/Open items by owner: unassigned 15\d · Bob Stone 1/);
  });

  it("mentions Slack owners and names them where a mention does not fit", async () => {
    const { services, clock } = testServices(db(), NOW);
    await peopleRepo.remember(db(), { surface: "slack", userId: "U0BOB00002", displayName: "bob", handle: "bob", at: clock.now() });
    const alice = as(services, "slack", "U0ALICE001");
    await alice("launch create shop --checklist django-osce --date 2026-12-01");
    await alice("launch use shop");
    // A typed @handle resolves to the one person with it.
    expect((await alice("assign 1.2.2 @bob")).ok).toBe(true);
    expect(slack(await alice("list 1"))).toContain("<@U0BOB00002>");
    const history = await alice("history 1.2.2");
    expect(slack(history)).toMatch(/@U0ALICE001 assigned 1\.2\.2 to bob/);
    expect(slack(history)).not.toMatch(/item\.assign|owner:/);
  });

  it("assigns by a typed name, refuses an unknown or ambiguous one naming the right item", async () => {
    const { services, clock, rita } = await teamsLaunch();
    expect(renderText(await rita("assign 4.1.2 @Bob Stone"))).toMatch(/4\.1\.2 assigned to/);
    const unknown = await rita("assign 4.1.3 @carol");
    expect(unknown.ok).toBe(false);
    expect(renderText(unknown)).toMatch(/does not know anyone called "@carol"[\s\S]*assign 4\.1\.3 @name/);
    await peopleRepo.remember(db(), { surface: "teams", userId: BOB2, displayName: "Bob Stone", at: clock.now() });
    const ambiguous = await rita("assign 4.1.3 bob stone");
    expect(ambiguous.ok).toBe(false);
    expect(renderText(ambiguous)).toMatch(/matches 2 people; nothing was changed/);
    void services;
  });

  it("lets Teams reach every open item: pages that fit a card, hints that keep the filter", async () => {
    const { rita } = await teamsLaunch();
    const seen: string[] = [];
    let line: string | undefined = "list --open";
    for (let page = 1; line && page < 30; page++) {
      const r = await rita(line);
      const c = card(r);
      const text = cardText(c);
      expect(text).not.toMatch(/narrower filter/);
      seen.push(...[...text.matchAll(/^(?:\u2003*↳ )?☐ (\d+(?:\.\d+)*) /gm)].map((m) => m[1]!));
      line = /— (list --open --page \d+)/.exec(text)?.[1];
    }
    const open = JSON.parse(renderText(await rita("list --open --json"))) as { items: { ref: string }[] };
    expect(seen).toEqual(open.items.map((i) => i.ref));
    expect(seen.length).toBeGreaterThan(100);
  });

  it("offers buttons that fit the item's state: one button, the rest in a menu", async () => {
    const { rita } = await teamsLaunch();
    await rita("block 1.1.2 waiting for the DBA");
    await rita("skip 1.1.3 managed service");
    await rita("check 1.1.4");
    const r = await rita("list 1");
    const rows = cardActions(card(r));
    expect(rows).toContainEqual(["Check", "…Assign", "…Block", "…Skip", "…Details"]);
    expect(rows).toContainEqual(["Unblock", "…Check", "…Assign", "…Skip", "…Details"]);
    expect(rows).toContainEqual(["Unskip", "…Assign", "…Details"]);
    expect(rows).toContainEqual(["Details", "…Uncheck", "…Assign"]);
    // Slack: one button and an overflow menu per item.
    const actions = renderBlockKit(r).blocks.filter((b) => b.type === "actions") as { elements: { type: string; text?: { text: string } }[] }[];
    for (const a of actions) expect(a.elements.map((e) => e.type)).toEqual(["button", "overflow"]);
    expect(actions.map((a) => a.elements[0]!.text!.text)).toEqual(expect.arrayContaining(["Unblock", "Unskip", "Details", "Check"]));
    expect((await rita("unskip 1.1.3")).ok).toBe(true);
    expect(renderText(await rita("list 1"))).toMatch(/\[ \] 1\.1\.3/);
  });

  it("rolls parents up from their children, the same in status, list, go and the post", async () => {
    const { services, rita } = await teamsLaunch();
    for (const ref of ["1.1.1", "1.1.2", "1.1.4", "1.1.5"]) await rita(`check ${ref}`);
    await rita("skip 1.1.3 managed service");
    const list = renderText(await rita("list 1"));
    expect(list).toMatch(/^\[x\] 1\.1 {5}Set up PostgreSQL/m);
    expect(list).toMatch(/^ {2}\[x\] 1\.1\.1 /m);
    expect(renderText(await rita("status 1"))).toMatch(/Done:\s+5\/15/);
    const launch = (await launchesRepo.byName(db(), "shop"))!;
    const state = await launchState(db(), launch, services.clock.now());
    expect(state.readiness.done).toBe(5);
    expect(state.items.find((i) => i.ref === "1.1")?.state).toBe("done");
    // Unchecking a child re-opens the parent at once.
    await rita("uncheck 1.1.1");
    expect(renderText(await rita("list 1"))).toMatch(/^\[ \] 1\.1 /m);
  });

  it("lists each item once, with all its markers, and points to the command that shows the rest", async () => {
    const { clock, rita, services } = await teamsLaunch();
    await rita("block 1.3.3 restore host not ready");
    await rita("due 1.3.3 2026-11-20");
    clock.set("2026-11-25T09:00:00Z");
    const status = await rita("status");
    const text = renderText(status);
    expect(text.match(/1\.3\.3 /g)).toHaveLength(1);
    expect(text).toMatch(/\[!\] 1\.3\.3 .*restore host not ready.*CRITICAL.*OVERDUE/);
    expect(text).toMatch(/… \d+ more — list --attention$/m);
    expect(cardText(card(status)).match(/1\.3\.3 /g)).toHaveLength(1);
    const launch = (await launchesRepo.byName(db(), "shop"))!;
    const state = await launchState(db(), launch, services.clock.now());
    const post = readinessPost(launch, state.readiness, state.items, state.names);
    expect(renderText(post).match(/1\.3\.3 /g)).toHaveLength(1);
    const more = await rita("list --attention");
    expect(renderText(more)).toMatch(/1\.3\.3/);
    const refused = renderText(await rita("go"));
    expect(refused).toMatch(/more: list --attention shows them all/);
  });

  it("labels sections one way and lines the bars up", async () => {
    const { rita } = await teamsLaunch();
    const status = await rita("status");
    const text = renderText(status);
    const rows = text.split("\n").filter((l) => /^[▓░]{10} /.test(l));
    expect(rows.length).toBeGreaterThan(10);
    const labelColumn = new Set(rows.map((l) => l.search(/ {2}\d+\. /)));
    expect(labelColumn.size).toBe(1);
    for (const row of rows) expect(row).toMatch(/ {2}\d+\. [^\d]/);
    expect(text).toMatch(/ {2}16\. Pre-Launch Checklist$/m);
    expect(renderText(await rita("launch show"))).toBeTruthy();
    const c = card(status);
    const widths = new Set(JSON.stringify(c).match(/"width":"\d+px"/g));
    expect(widths.size).toBe(1);
  });

  it("never turns user text into a link with a false label in Teams replies and posts", async () => {
    const { rita } = await teamsLaunch();
    await rita("block 1.2 [Click here](https://evil.example/login)");
    await rita("nogo [Approve](https://evil.example/approve)");
    for (const line of ["list 1", "history", "history 1.2", "status"]) {
      const json = JSON.stringify(card(await rita(line)));
      expect(json, line).not.toMatch(/(?<!\\\\)\[(Click here|Approve)(?<!\\\\)\]\(/);
      if (line !== "list 1") expect(json, line).toMatch(/\\\\\[(Click here|Approve)\\\\\]\(https:\/\/evil\.example/);
    }
  });

  it("shows help that fits the surface", async () => {
    const { rita } = await teamsLaunch();
    const help = cardText(card(await rita("help")));
    expect(help).not.toMatch(/checklist lint/);
    expect(help).toMatch(/^unskip <ref>/m);
    // Each command on its own line in Teams (single newlines would run together).
    const c = renderAdaptiveCard(await rita("help"));
    expect(c.body.some((e) => e.type === "Container" && e.items.length > 50)).toBe(true);
  });
});
