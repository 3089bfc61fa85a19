// Reply -> Slack Block Kit. Pure: no I/O, no Slack client. Every payload it
// returns stays within Slack's documented limits; content that does not fit is
// cut with a "… N more" line instead of failing.

import type {
  ActionsBlock,
  Button,
  HomeView,
  KnownBlock,
  ModalView,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import {
  ActionIds,
  buttonFor,
  OVERFLOW_OPTIONS_MAX,
  OVERFLOW_OPTIONS_MIN,
  overflowFor,
  overflowOptionFor,
} from "./blockkit-actions.js";
import { cutEscaped, cutPlain, splitEscaped } from "./blockkit-text.js";
import { progressBar } from "./progress.js";
import { nestingMark, type Reply, type ReplyAction, type ReplyBlock, type ReplyItem } from "./reply.js";

export type BlockKitSurface = "message" | "home" | "modal";

export const BLOCK_BUDGET: Record<BlockKitSurface, number> = { message: 50, home: 100, modal: 100 };
export const SECTION_TEXT_MAX = 3000;
export const FIELDS_PER_SECTION = 10;
export const FIELD_TEXT_MAX = 2000;
export const HEADER_TEXT_MAX = 150;
export const ACTIONS_ELEMENTS_MAX = 25;
export const FALLBACK_TEXT_MAX = 3000;
export const MODAL_TITLE_MAX = 24;
export const PRIVATE_METADATA_MAX = 3000;

/** Identifiers the Slack adapter uses to recognise a reason modal submission. */
export const REASON_CALLBACK_ID = "golive:reason";
export const REASON_BLOCK_ID = "reason";
export const REASON_ACTION_ID = "reason";
export const REASON_MAX_LENGTH = 2000;

const PAGE_HINT = "use `--page 2` or a narrower filter";
const PROGRESS_LABEL_MAX = 200;

/** What a cut-off part of the reply held, for the "… N more" line. */
interface Tally {
  items: number;
  characters: number;
  sections: number;
}

/** Blocks that must stay together (an item's section and its buttons). */
interface Piece {
  blocks: KnownBlock[];
  tally: Partial<Tally>;
}

export function renderBlockKit(
  reply: Reply,
  opts: { surface?: BlockKitSurface } = {},
): { text: string; blocks: KnownBlock[] } {
  const blocks = renderBlocks(reply, BLOCK_BUDGET[opts.surface ?? "message"] - (reply.mentionChannel ? 1 : 0));
  if (!reply.mentionChannel) return { text: fallbackText(reply), blocks };
  return { text: `<!here> ${fallbackText(reply)}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: "<!here>" } }, ...blocks] };
}

export function renderHome(reply: Reply): HomeView {
  return { type: "home", blocks: renderBlocks(reply, BLOCK_BUDGET.home) };
}

/**
 * The modal a Block/Skip button opens to ask for a reason. `private_metadata`
 * carries `{command, context?}` so the submission can run the command;
 * `privateMetadata` is the adapter's own opaque context (e.g. channel).
 */
export function renderModalForReason(args: {
  title: string;
  command: string;
  placeholder?: string;
  privateMetadata?: string;
  /** Ask for a person (Assign): a user picker instead of a text box. */
  person?: boolean;
}): ModalView {
  const metadata = JSON.stringify(
    args.privateMetadata === undefined
      ? { command: args.command }
      : { command: args.command, context: args.privateMetadata },
  );
  if (metadata.length > PRIVATE_METADATA_MAX) {
    throw new RangeError(
      `Reason modal metadata is ${metadata.length} characters, Slack allows ${PRIVATE_METADATA_MAX}: ` +
        "shorten the command or the context passed as privateMetadata.",
    );
  }
  const input: KnownBlock = args.person ? {
    type: "input",
    block_id: REASON_BLOCK_ID,
    label: { type: "plain_text", text: "Person", emoji: true },
    element: { type: "users_select", action_id: REASON_ACTION_ID, placeholder: { type: "plain_text", text: "Choose a person", emoji: true } },
  } : {
    type: "input",
    block_id: REASON_BLOCK_ID,
    label: { type: "plain_text", text: "Reason", emoji: true },
    element: {
      type: "plain_text_input",
      action_id: REASON_ACTION_ID,
      multiline: true,
      max_length: REASON_MAX_LENGTH,
      ...(args.placeholder
        ? { placeholder: { type: "plain_text" as const, text: cutPlain(args.placeholder, 150), emoji: true } }
        : {}),
    },
  };
  return {
    type: "modal",
    callback_id: REASON_CALLBACK_ID,
    title: { type: "plain_text", text: cutPlain(args.title.trim() || "Reason", MODAL_TITLE_MAX), emoji: true },
    submit: { type: "plain_text", text: "Save", emoji: true },
    close: { type: "plain_text", text: "Cancel", emoji: true },
    private_metadata: metadata,
    blocks: [
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: cutEscaped(`Runs: ${args.command}`, SECTION_TEXT_MAX) }],
      },
      input,
    ],
  };
}

/** Reads back the `private_metadata` written by {@link renderModalForReason}. */
export function parseReasonMetadata(privateMetadata: string): { command: string; context?: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(privateMetadata);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { command, context } = parsed as Record<string, unknown>;
  if (typeof command !== "string" || command.length === 0) return undefined;
  return typeof context === "string" ? { command, context } : { command };
}

/** Notification text: the summary, else the first heading or text, never empty. */
function fallbackText(reply: Reply): string {
  const firstWords = reply.blocks
    .map((block) => (block.kind === "heading" || block.kind === "text" ? block.text.trim() : ""))
    .find((text) => text.length > 0);
  return cutEscaped(reply.summary.trim() || firstWords || "golive", FALLBACK_TEXT_MAX);
}

function renderBlocks(reply: Reply, budget: number): KnownBlock[] {
  const ids = new ActionIds();
  const pieces: Piece[] = [];
  for (let i = 0; i < reply.blocks.length; i++) {
    const block = reply.blocks[i]!;
    if (block.kind === "progress") {
      const run: Extract<ReplyBlock, { kind: "progress" }>[] = [block];
      while (reply.blocks[i + 1]?.kind === "progress") run.push(reply.blocks[++i] as (typeof run)[number]);
      pieces.push(...progressPieces(run));
    } else {
      pieces.push(...piecesFor(block, ids));
    }
  }
  const blocks = fitToBudget(pieces, budget);
  if (blocks.length > 0) return blocks;
  return [mrkdwnSection(fallbackText(reply))];
}

function fitToBudget(pieces: Piece[], budget: number): KnownBlock[] {
  const total = pieces.reduce((sum, piece) => sum + piece.blocks.length, 0);
  if (total <= budget) return pieces.flatMap((piece) => piece.blocks);
  const room = budget - 1; // the "… N more" line
  const kept: KnownBlock[] = [];
  const omitted: Tally = { items: 0, characters: 0, sections: 0 };
  let full = false;
  for (const piece of pieces) {
    if (!full && kept.length + piece.blocks.length <= room) {
      kept.push(...piece.blocks);
      continue;
    }
    full = true;
    omitted.items += piece.tally.items ?? 0;
    omitted.characters += piece.tally.characters ?? 0;
    omitted.sections += piece.tally.sections ?? 0;
  }
  kept.push(mrkdwnSection(`${describeOmitted(omitted)} — ${PAGE_HINT}`));
  return kept;
}

function describeOmitted(omitted: Tally): string {
  const parts: string[] = [];
  if (omitted.items > 0) parts.push(`${omitted.items} more ${omitted.items === 1 ? "item" : "items"}`);
  if (omitted.sections > 0) parts.push(`${omitted.sections} more ${omitted.sections === 1 ? "section" : "sections"}`);
  if (omitted.characters > 0) parts.push(`${omitted.characters} more characters`);
  return parts.length > 0 ? `… ${parts.join(", ")}` : "… more";
}

function piecesFor(block: ReplyBlock, ids: ActionIds): Piece[] {
  switch (block.kind) {
    case "heading": {
      // A header is plain text: code marks (`DEBUG=False`) would show as backticks.
      const text = block.text.replace(/`([^`]*)`/g, "$1").replace(/\s+/g, " ").trim();
      if (!text) return [];
      const header: KnownBlock = {
        type: "header",
        text: { type: "plain_text", text: cutPlain(text, HEADER_TEXT_MAX), emoji: true },
      };
      return [{ blocks: [header], tally: { sections: 1 } }];
    }
    case "text":
      return splitEscaped(block.text, SECTION_TEXT_MAX).map((chunk) => ({
        blocks: [mrkdwnSection(chunk.mrkdwn)],
        tally: { characters: chunk.rawLength },
      }));
    case "progress":
      return progressPieces([block]);
    case "fields":
      return fieldsPieces(block.fields);
    case "items":
      return itemsPieces(block, ids);
    case "actions":
      return actionsPieces(block.actions, ids);
    case "divider":
      return [{ blocks: [{ type: "divider" }], tally: {} }];
    case "image":
      // Block Kit takes images by URL only: the Slack notifier uploads it as a file instead.
      return [];
  }
}

function mrkdwnSection(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** `` `▓▓▓░░░░░░░  5/16 (31%)` 1. Database Setup ``: the bar first, in a fixed-width code span, so bars and labels line up. */
function progressLine(block: { label: string; done: number; total: number }, width: number): string {
  const label = cutEscaped(block.label.replace(/\s+/g, " ").trim(), PROGRESS_LABEL_MAX);
  return `\`${progressBar(block.done, block.total).padEnd(width, "\u2007")}\`  ${label}`;
}

/** Consecutive progress bars share sections, as many lines as fit in each. */
function progressPieces(blocks: { label: string; done: number; total: number }[]): Piece[] {
  const pieces: Piece[] = [];
  let lines: string[] = [];
  let length = 0;
  const flush = () => {
    if (lines.length === 0) return;
    pieces.push({ blocks: [mrkdwnSection(lines.join("\n"))], tally: { sections: 1 } });
    lines = [];
    length = 0;
  };
  const width = Math.max(...blocks.map((b) => progressBar(b.done, b.total).length));
  for (const block of blocks) {
    const line = progressLine(block, width);
    if (lines.length > 0 && length + 1 + line.length > SECTION_TEXT_MAX) flush();
    length += (lines.length > 0 ? 1 : 0) + line.length;
    lines.push(line);
  }
  flush();
  return pieces;
}

function fieldsPieces(fields: { label: string; value: string }[]): Piece[] {
  const texts = fields.map((field) => {
    const label = cutEscaped(field.label.replace(/\s+/g, " ").trim(), 200);
    const head = label ? `*${label}*\n` : "";
    const value = cutEscaped(field.value.trim() || "—", FIELD_TEXT_MAX - head.length);
    return head + value;
  });
  const pieces: Piece[] = [];
  for (let start = 0; start < texts.length; start += FIELDS_PER_SECTION) {
    const section: SectionBlock = {
      type: "section",
      fields: texts.slice(start, start + FIELDS_PER_SECTION).map((text) => ({ type: "mrkdwn", text })),
    };
    pieces.push({ blocks: [section], tally: { sections: 1 } });
  }
  return pieces;
}

function itemsPieces(block: Extract<ReplyBlock, { kind: "items" }>, ids: ActionIds): Piece[] {
  const pieces: Piece[] = block.items.map((item) => {
    const blocks: KnownBlock[] = [mrkdwnSection(itemText(item))];
    const actions = itemActions(item.actions ?? [], ids);
    if (actions) blocks.push(actions);
    return { blocks, tally: { items: 1 } };
  });
  if (block.more && block.more.count > 0) {
    const hint = block.more.hint.trim();
    const line = `… ${block.more.count} more${hint ? ` — ${hint}` : ""}`;
    pieces.push({
      blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: cutEscaped(line, SECTION_TEXT_MAX) }] }],
      tally: { items: block.more.count },
    });
  } else if (block.items.length === 0) {
    pieces.push({ blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: "No items." }] }], tally: {} });
  }
  return pieces;
}

const STATE_ICONS: Record<ReplyItem["state"], string> = {
  open: "☐",
  done: "✅",
  blocked: "⛔",
  skipped: "⏭️",
};

/** A Slack user (by id, or a label that is one) becomes a mention; anyone else is shown by name as written. */
function ownerText(owner: string, ownerId: string | null | undefined): string {
  const mention = /^([UW][A-Z0-9]{2,})$/.exec(ownerId ?? "") ?? /^<@([UW][A-Z0-9]{2,})>$/.exec(owner) ?? /^@?([UW][A-Z0-9]{8,})$/.exec(owner);
  if (mention) return `<@${mention[1]}>`;
  return cutEscaped(owner, 80);
}

function itemText(item: ReplyItem): string {
  const meta: string[] = [];
  if (item.critical) meta.push("⚠️ critical");
  if (item.state === "done" && item.doneKind === "verified") meta.push("🔒 verified");
  if (item.owner?.trim()) meta.push(ownerText(item.owner.trim(), item.ownerId));
  if (item.due?.trim()) meta.push(`due ${cutEscaped(item.due.trim(), 40)}${item.overdue ? " (overdue)" : ""}`);
  else if (item.overdue) meta.push("overdue");
  const metaText = meta.length > 0 ? `  ${meta.join(" · ")}` : "";
  const reason = item.reason?.replace(/\s+/g, " ").trim();
  const reasonText =
    reason && (item.state === "blocked" || item.state === "skipped")
      ? `\n> ${item.state === "blocked" ? "Blocked" : "Skipped"}: ${cutEscaped(reason, 1000)}`
      : "";
  const head = `${nestingMark(item.depth)}${STATE_ICONS[item.state]} *${cutEscaped(item.ref, 40)}* `;
  const room = SECTION_TEXT_MAX - head.length - metaText.length - reasonText.length;
  const text = cutEscaped(item.text.replace(/\s+/g, " ").trim() || "(no text)", room);
  return head + text + metaText + reasonText;
}

/**
 * The first action is a one-click button (usually Check); the others go into
 * an overflow menu when there are 2..5 that fit an option value, else buttons.
 * Actions whose command cannot fit any Slack value are left out.
 */
function itemActions(actions: ReplyAction[], ids: ActionIds): ActionsBlock | undefined {
  const [first, ...rest] = actions;
  if (!first) return undefined;
  const menuActions: ReplyAction[] = [];
  const buttonActions: ReplyAction[] = [first];
  for (const action of rest) {
    if (menuActions.length < OVERFLOW_OPTIONS_MAX && overflowOptionFor(action)) menuActions.push(action);
    else buttonActions.push(action);
  }
  if (menuActions.length < OVERFLOW_OPTIONS_MIN) buttonActions.push(...menuActions.splice(0));
  const hasMenu = menuActions.length > 0;
  const buttons = buttonActions
    .map((action) => buttonFor(action, ids))
    .filter((button): button is Button => button !== undefined)
    .slice(0, ACTIONS_ELEMENTS_MAX - (hasMenu ? 1 : 0));
  const options = menuActions
    .map((action) => overflowOptionFor(action))
    .filter((option): option is PlainTextOption => option !== undefined);
  const elements: ActionsBlock["elements"] = [...buttons];
  if (hasMenu) elements.push(overflowFor(options, ids));
  return elements.length > 0 ? { type: "actions", elements } : undefined;
}

function actionsPieces(actions: ReplyAction[], ids: ActionIds): Piece[] {
  const buttons = actions
    .map((action) => buttonFor(action, ids))
    .filter((button): button is Button => button !== undefined);
  const pieces: Piece[] = [];
  for (let start = 0; start < buttons.length; start += ACTIONS_ELEMENTS_MAX) {
    const elements = buttons.slice(start, start + ACTIONS_ELEMENTS_MAX);
    pieces.push({ blocks: [{ type: "actions", elements }], tally: { sections: 1 } });
  }
  return pieces;
}
