// What people see (#14): the replies of status, list, history, help and go, and golive's posts,
// rendered for the shell, Slack (Block Kit) and Teams (Adaptive Cards), as a person reads them.
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { dispatch } from "../../commands/dispatch.js";
import type { Services } from "../../commands/types.js";
import type { Surface } from "../../src/domain/launches/types.js";
import { type AdaptiveCard, renderAdaptiveCard } from "../../src/render/adaptivecard.js";
import { renderBlockKit } from "../../src/render/blockkit.js";
import type { Reply } from "../../src/render/reply.js";
import { renderText } from "../../src/render/text.js";
import { peopleRepo } from "../../src/storage/people-repo.js";
import { assertValidCard } from "../helpers/adaptive-cards.js";
import { engines, useDatabase } from "../helpers/db.js";
import { testServices } from "../helpers/harness.js";

const RITA = "a7d04e12-3c9b-4c1e-9a55-0f3a6b2d9e11";
const BOB = "b1b2b3b4-0000-4000-8000-000000000002";

function as(services: Services, surface: Surface, id: string) {
  const parseMention = (token: string) => {
    const bare = token.trim().replace(/^<@|>$/g, "").replace(/^@/, "");
    return /^[0-9a-f-]{36}$/.test(bare) || /^U[A-Z0-9]+$/.test(bare) ? bare : null;
  };
  return async (line: string): Promise<Reply> =>
    (await dispatch(commands, { services, actor: { id, surface }, conversation: `${surface}-channel`, parseMention }, line)).reply;
}

/** Everything a person can read in a card: its texts and facts. */
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
  return out.join("\n");
}
const slackText = (blocks: KnownBlock[]) => JSON.stringify(blocks);

describe.each(engines)("what people see on %s", (engine) => {
  const db = useDatabase(engine);

  it("shows the structure", async () => {
    const { services } = testServices(db());
    const teams = as(services, "teams", RITA);
    await teams("launch create shop --checklist django-osce --date 2026-12-01");
    await teams("launch use shop");
    const r = await teams("list 1");
    console.log(renderText(r));
    console.log(renderText(await teams("status")));
  });
});
