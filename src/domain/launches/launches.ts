import { GoliveError } from "../../errors.js";
import type { Database, Queryable } from "../../storage/database.js";
import { conversationsRepo } from "../../storage/conversations-repo.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { launchesRepo, type RequestClaim } from "../../storage/launches-repo.js";
import { rolesRepo } from "../../storage/roles-repo.js";
import { findChecklist } from "../checklist/sources.js";
import { launchShape } from "./from-checklist.js";
import type { LaunchVersions } from "../../storage/launch-rows.js";
import type { Actor, Item, Launch, Role } from "./types.js";

export interface NewLaunchInput {
  name: string;
  checklistId: string;
  launchDate: string;
  timezone: string;
  url: string | null;
}

export async function createLaunch(db: Database, input: NewLaunchInput, actor: Actor, at: Date) {
  if (await launchesRepo.byName(db, input.name)) {
    throw new GoliveError("conflict", `A launch named "${input.name}" already exists.`, "Pick another name, or `launch list` to see them.");
  }
  const { checklist } = await findChecklist(db, input.checklistId);
  const shape = launchShape(checklist, input.launchDate, at);
  if (shape.items.length === 0) throw new GoliveError("invalid", `Checklist "${input.checklistId}" has no items.`, "Run `checklist lint` on it.");
  return db.transaction(async (tx) => {
    const launch = await launchesRepo.insert(tx, {
      name: input.name,
      checklistId: input.checklistId,
      checklistTitle: checklist.title,
      launchDate: input.launchDate,
      timezone: input.timezone,
      url: input.url,
      // One URL, one meaning: the launch's URL is its audit target (what `launch set --url` changes).
      settings: input.url === null ? {} : { target: { url: input.url } },
      createdBy: actor.id,
      createdAt: at,
    });
    await launchesRepo.replaceSections(tx, launch.id, shape.sections);
    await itemsRepo.insertMany(tx, launch.id, shape.items);
    await rolesRepo.set(tx, launch.id, { principal: actor.id, role: "release-manager", grantedBy: actor.id, grantedAt: at });
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "launch.created",
      actor: actor.id,
      surface: actor.surface,
      at,
      before: null,
      after: { ...input, items: shape.items.length, sections: shape.sections.length },
      note: null,
    });
    // Sections that hold items: the rows `status` shows (a heading without items is not one).
    return { launch, itemCount: shape.items.length, sectionCount: new Set(shape.items.map((i) => i.sectionRef)).size };
  });
}

export interface SyncReport {
  added: { ref: string; text: string }[];
  removed: { ref: string; text: string }[];
  changed: { ref: string; text: string }[];
  kept: number;
}

/** Re-applies the (edited) checklist: state of unchanged keys is kept, new items open, removed ones archived. */
export async function syncLaunch(db: Database, launch: Launch, actor: Actor, at: Date): Promise<SyncReport> {
  const { checklist } = await findChecklist(db, launch.checklistId);
  const shape = launchShape(checklist, launch.launchDate, at);
  return db.transaction(async (tx) => {
    const current = await itemsRepo.list(tx, launch.id, { includeArchived: true });
    const byKey = new Map(current.map((i) => [i.key, i]));
    const report: SyncReport = { added: [], removed: [], changed: [], kept: 0 };
    const event = (kind: string, itemKey: string | null, before: object | null, after: object | null) =>
      eventsRepo.append(tx, { launchId: launch.id, itemKey, kind, actor: actor.id, surface: actor.surface, at, before: before as never, after: after as never, note: null });
    const added: Item[] = [];
    for (const next of shape.items) {
      const old = byKey.get(next.key);
      byKey.delete(next.key);
      if (!old) {
        added.push(next);
        await event("item.added", next.key, null, { ref: next.ref, text: next.text });
        report.added.push({ ref: next.ref, text: next.text });
      } else if (sameShape(old, next)) {
        report.kept++;
      } else {
        await itemsRepo.reshape(tx, launch.id, next);
        const before = { ref: old.ref, text: old.text, critical: old.critical, archived: old.archivedAt !== null };
        const after = { ref: next.ref, text: next.text, critical: next.critical, archived: false };
        await event(old.archivedAt ? "item.restored" : "item.reshaped", next.key, before, after);
        // A new ref or position alone is not news to the reader of the report.
        if (old.text !== next.text || old.archivedAt) report.changed.push({ ref: next.ref, text: next.text });
        else report.kept++;
      }
    }
    await itemsRepo.insertMany(tx, launch.id, added);
    for (const gone of byKey.values()) {
      if (gone.archivedAt) continue;
      await itemsRepo.archive(tx, launch.id, gone.key, at);
      await event("item.archived", gone.key, { ref: gone.ref, text: gone.text }, null);
      report.removed.push({ ref: gone.ref, text: gone.text });
    }
    await launchesRepo.replaceSections(tx, launch.id, shape.sections);
    await launchesRepo.update(tx, launch.id, { checklistTitle: checklist.title });
    await event("launch.synced", null, null, {
      added: report.added.length,
      removed: report.removed.length,
      changed: report.changed.length,
      kept: report.kept,
    });
    return report;
  });
}

/** The checklist gave this item the same place, text and flags it has (state is not part of the shape). */
const sameShape = (old: Item, next: Item) =>
  old.archivedAt === null &&
  old.ref === next.ref &&
  old.text === next.text &&
  old.critical === next.critical &&
  old.position === next.position &&
  old.phase === next.phase &&
  JSON.stringify(old.audit) === JSON.stringify(next.audit) &&
  JSON.stringify(old.evidence) === JSON.stringify(next.evidence);

export async function archiveLaunch(db: Database, launch: Launch, actor: Actor, at: Date) {
  if (launch.archivedAt) throw new GoliveError("conflict", `Launch "${launch.name}" is already archived.`);
  await db.transaction(async (tx) => {
    await launchesRepo.update(tx, launch.id, { archivedAt: at });
    await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "launch.archived", actor: actor.id, surface: actor.surface, at, before: null, after: null, note: null });
  });
}

/** Makes `launch` the default of a conversation (`launch use`). */
export async function bindConversation(db: Database, launch: Launch, conversation: string, actor: Actor, at: Date) {
  await db.transaction(async (tx) => {
    const previous = await conversationsRepo.launchId(tx, actor.surface, conversation);
    if (previous === launch.id) return;
    await conversationsRepo.bind(tx, actor.surface, conversation, launch.id, actor.id, at);
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "launch.bound",
      actor: actor.id,
      surface: actor.surface,
      at,
      before: null,
      after: { surface: actor.surface, conversation },
      note: null,
    });
  });
}

/** Names shown when a command cannot tell which launch is meant: a page, never all of them. */
export const NAMES_SHOWN = 20;

export interface ResolvedLaunch {
  launch: Launch;
  /** The principal's granted role, null without a grant. */
  role: Role | null;
  earliestWaiver: string | null;
  /** What cached launch rows are checked against (see storage/launch-rows.ts). */
  versions: LaunchVersions;
}

/** The launch a command acts on: `--launch`, else the conversation's default, else the only one. */
export async function resolveLaunch(db: Queryable, opts: { name?: string; surface: Actor["surface"]; conversation: string }): Promise<Launch> {
  // Without a claim the answer is never a duplicate.
  return ((await resolveLaunchFor(db, { ...opts, principal: "" })) as ResolvedLaunch).launch;
}

/**
 * resolveLaunch with the principal's role and the launch's versions, in one statement when it is
 * found. With `claim` that statement also records the request as handled: `duplicate` when it was
 * before (nothing else is read or thrown then).
 */
export async function resolveLaunchFor(
  db: Queryable,
  opts: { name?: string; surface: Actor["surface"]; conversation: string; principal: string; claim?: RequestClaim },
): Promise<ResolvedLaunch | { duplicate: true }> {
  const { found, fresh } = await launchesRepo.resolve(db, opts);
  if (!fresh) return { duplicate: true };
  if (found) {
    return { launch: found.launch, role: found.role as Role | null, earliestWaiver: found.earliestWaiver, versions: { events: found.events, audits: found.audits } };
  }
  if (opts.name) throw new GoliveError("not_found", `There is no launch "${opts.name}".`, "See `launch list`.");
  const { launches, total } = await launchesRepo.page(db, { limit: NAMES_SHOWN });
  if (total === 0) {
    throw new GoliveError("not_found", "There is no launch yet.", "Create one: launch create <name> --checklist django-osce --date YYYY-MM-DD");
  }
  const more = total > launches.length ? `, and ${total - launches.length} more (see \`launch list --page 2\`)` : "";
  throw new GoliveError(
    "usage",
    `There are ${total} launches and none is chosen here.`,
    `Choose one with \`launch use <name>\` or add \`--launch <name>\`. Launches: ${launches.map((l) => l.name).join(", ")}${more}`,
  );
}
