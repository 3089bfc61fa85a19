// Runs commands as people on a surface (Slack ids in a Slack channel), over a small launch.
import { commands } from "../../commands/index.js";
import { dispatch } from "../../commands/dispatch.js";
import type { Services } from "../../commands/types.js";
import { parseSlackMention } from "../../src/adapters/slack/mentions.js";
import { createLaunch } from "../../src/domain/launches/launches.js";
import { renderText } from "../../src/render/text.js";
import { conversationsRepo } from "../../src/storage/conversations-repo.js";
import type { Database } from "../../src/storage/database.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { rolesRepo } from "../../src/storage/roles-repo.js";
import { importTestChecklist } from "../jobs/fixtures.js";

export const RITA = "U0RITA0001";
export const ALICE = "U0ALICE001";
export const BOB = "U0BOB00002";
export const CAROL = "U0CAROL003";
export const VIV = "U0VIV00004";
export const CHANNEL = "C0LAUNCH01";

/** A launch `shop-web` (launch day `launchDate`, London) bound to a Slack channel; Rita is release manager, Carol a member. */
export async function slackLaunch(db: Database, at: Date, launchDate = "2026-12-01") {
  await importTestChecklist(db, at);
  await createLaunch(db, { name: "shop-web", checklistId: "shop", launchDate, timezone: "Europe/London", url: null }, { id: RITA, surface: "slack" }, at);
  const launch = (await launchesRepo.byName(db, "shop-web"))!;
  await conversationsRepo.bind(db, "slack", CHANNEL, launch.id, RITA, at);
  await rolesRepo.set(db, launch.id, { principal: CAROL, role: "member", grantedBy: RITA, grantedAt: at });
  return launch;
}

export function slackUser(services: Services, user: string) {
  return async (line: string) => {
    const { reply } = await dispatch(commands, { services, actor: { id: user, surface: "slack" }, conversation: CHANNEL, parseMention: parseSlackMention }, line);
    return { ...reply, text: renderText(reply) };
  };
}

export interface OutboxRow {
  id: number;
  surface: string;
  conversation: string;
  kind: string;
  update_key: string | null;
  summary: string;
  created_at: Date;
}

export const outboxRows = (db: Database) =>
  db.query<OutboxRow>("select id, surface, conversation, kind, update_key, payload->>'summary' as summary, created_at from outbox order by id");

export const dms = async (db: Database) => (await outboxRows(db)).filter((r) => r.kind === "dm").map((r) => `${r.conversation} ${r.created_at.toISOString().slice(11, 19)}`);
