// Reply -> Adaptive Card 1.5 (the version Teams supports). Pure: no I/O, no Teams SDK.
import { progressBar } from "./progress.js";
import type { Reply, ReplyAction, ReplyBlock, ReplyItem } from "./reply.js";

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
/** The verb of every golive button; the Teams adapter answers `adaptiveCard/action` invokes with it. */
export const CARD_ACTION_VERB = "golive.run";
/** Teams refuses messages over 28 KB; the card leaves room for the activity around it. */
export const CARD_SIZE_BUDGET_BYTES = 26_000;
/** Long cards are slow to scroll in Teams; past this many body elements the rest is summarised. */
export const MAX_BODY_ELEMENTS = 100;
/** The default host config allows 5 actions per set; more go into a further set. */
const MAX_ACTIONS_PER_SET = 5;
const MAX_TEXT_CHARS = 6000;
const MAX_FACT_VALUE_CHARS = 1000;
const MAX_FALLBACK_TEXT_CHARS = 500;
const REASON_MAX_LENGTH = 2000;
const TRUNCATION_HINT = "use `--page 2` or a narrower filter";

type Spacing = "None" | "Small" | "Default" | "Medium" | "Large" | "ExtraLarge";

interface ElementLayout {
  separator?: boolean;
  spacing?: Spacing;
}

export interface TextBlock extends ElementLayout {
  type: "TextBlock";
  text: string;
  wrap?: boolean;
  size?: "Small" | "Default" | "Medium" | "Large" | "ExtraLarge";
  weight?: "Lighter" | "Default" | "Bolder";
  color?: "Default" | "Dark" | "Light" | "Accent" | "Good" | "Warning" | "Attention";
  isSubtle?: boolean;
  fontType?: "Default" | "Monospace";
}

export interface FactSet extends ElementLayout {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

export interface Column {
  type: "Column";
  width: "auto" | "stretch";
  items: CardElement[];
}

export interface ColumnSet extends ElementLayout {
  type: "ColumnSet";
  columns: Column[];
}

export interface Container extends ElementLayout {
  type: "Container";
  items: CardElement[];
}

export interface ActionSet extends ElementLayout {
  type: "ActionSet";
  actions: CardAction[];
}

export interface TextInput extends ElementLayout {
  type: "Input.Text";
  id: string;
  label: string;
  isMultiline: boolean;
  maxLength: number;
  placeholder?: string;
  isRequired: boolean;
  errorMessage: string;
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | TextInput;

/** What a golive button sends back. Inputs of the card are merged into it by the client. */
export interface CardActionData {
  command: string;
  askReason?: true;
  /** Id of the Input.Text holding the reason (ids must be unique within a card). */
  reasonInputId?: string;
}

type ActionStyle = "default" | "positive" | "destructive";

export interface SubmitAction {
  type: "Action.Submit";
  title: string;
  style?: ActionStyle;
  data: CardActionData;
}

export interface ExecuteAction {
  type: "Action.Execute";
  title: string;
  style?: ActionStyle;
  verb: typeof CARD_ACTION_VERB;
  data: CardActionData;
  /** Clients without Universal Actions fall back to a plain submit. */
  fallback: SubmitAction;
}

export interface ShowCardAction {
  type: "Action.ShowCard";
  title: string;
  style?: ActionStyle;
  card: { type: "AdaptiveCard"; body: CardElement[]; actions: CardAction[] };
}

export type CardAction = ExecuteAction | SubmitAction | ShowCardAction;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: "1.5";
  fallbackText: string;
  body: CardElement[];
  msteams: { width: "Full" };
}

export interface AdaptiveCardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

/** One body element and how many list items it stands for (for the "… N more" count). */
interface BodyEntry {
  element: CardElement;
  itemCount: number;
}

const STATE_ICONS: Record<ReplyItem["state"], string> = {
  open: "☐",
  done: "✅",
  blocked: "⛔",
  skipped: "⏭️",
};

export function renderAdaptiveCard(reply: Reply): AdaptiveCard {
  const reasonIds = { next: 1 };
  const entries: BodyEntry[] = [];
  let footer: CardElement | undefined;
  let separateNext = false;

  reply.blocks.forEach((block, index) => {
    if (block.kind === "divider") {
      separateNext = true;
      return;
    }
    const rendered = renderBlock(block, reasonIds);
    if (rendered.length === 0) return;
    if (separateNext) {
      rendered[0]!.element.separator = true;
      separateNext = false;
    }
    // Buttons that close a reply (e.g. "next page") must survive truncation.
    const isClosingActions = block.kind === "actions" && index === reply.blocks.length - 1;
    if (isClosingActions && rendered.length === 1) footer = rendered[0]!.element;
    else entries.push(...rendered);
  });

  if (entries.length === 0 && !footer) {
    entries.push({ element: textBlock(reply.summary || "Done."), itemCount: 0 });
  }
  if (!reply.ok) {
    const first = entries[0]?.element;
    if (first?.type === "TextBlock") first.color = "Attention";
  }
  return fitToBudget(clip(reply.summary, MAX_FALLBACK_TEXT_CHARS), entries, footer);
}

export function renderAdaptiveCardActivityAttachment(reply: Reply): AdaptiveCardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderAdaptiveCard(reply) };
}

/** The reply's images as Bot Framework inline attachments (base64 data URIs; Teams renders them in the message). */
export function imageAttachments(reply: Reply): { contentType: string; contentUrl: string; name: string }[] {
  return reply.blocks.flatMap((block) =>
    block.kind === "image" ? [{ contentType: "image/png", contentUrl: `data:image/png;base64,${block.pngBase64}`, name: block.filename }] : [],
  );
}

/** UTF-8 size of the serialized card, the figure Teams' message limit applies to. */
export function adaptiveCardByteSize(card: AdaptiveCard): number {
  return byteLength(JSON.stringify(card));
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Reads what a pressed golive button sent: the `value` of an `adaptiveCard/action`
 * invoke (Action.Execute) or of a message activity (the Action.Submit fallback).
 * Returns undefined for anything that is not a golive button.
 * `reason` is set (possibly empty) when the button asked for one.
 */
export function readCardAction(value: unknown): { command: string; reason?: string } | undefined {
  if (!isRecord(value)) return undefined;
  let data: Record<string, unknown> = value;
  if (isRecord(value.action)) {
    if (value.action.verb !== CARD_ACTION_VERB || !isRecord(value.action.data)) return undefined;
    data = value.action.data;
  }
  if (typeof data.command !== "string" || data.command.trim() === "") return undefined;
  if (data.askReason !== true) return { command: data.command };
  const inputId = typeof data.reasonInputId === "string" ? data.reasonInputId : "reason";
  const reason = data[inputId];
  return { command: data.command, reason: typeof reason === "string" ? reason.trim() : "" };
}

function renderBlock(block: Exclude<ReplyBlock, { kind: "divider" }>, reasonIds: { next: number }): BodyEntry[] {
  switch (block.kind) {
    case "heading":
      return [{ element: textBlock(block.text, { size: "Large", weight: "Bolder" }), itemCount: 0 }];
    case "text":
      return [{ element: textBlock(block.text), itemCount: 0 }];
    case "progress":
      return [{ element: progressRow(block.label, block.done, block.total), itemCount: 0 }];
    case "fields":
      if (block.fields.length === 0) return [];
      return [
        {
          element: {
            type: "FactSet",
            facts: block.fields.map((field) => ({
              title: clip(field.label, MAX_FACT_VALUE_CHARS),
              value: clip(field.value, MAX_FACT_VALUE_CHARS) || "—",
            })),
          },
          itemCount: 0,
        },
      ];
    case "items": {
      const entries: BodyEntry[] = block.items.map((item) => ({
        element: itemContainer(item, reasonIds),
        itemCount: 1,
      }));
      if (block.more && block.more.count > 0) {
        entries.push({
          element: textBlock(`… ${block.more.count} more — ${block.more.hint}`, { isSubtle: true }),
          itemCount: block.more.count,
        });
      }
      if (entries.length === 0) entries.push({ element: textBlock("No items.", { isSubtle: true }), itemCount: 0 });
      return entries;
    }
    case "actions":
      return actionSets(block.actions, reasonIds).map((element) => ({ element, itemCount: 0 }));
    case "image":
      // Sent beside the card as an inline image attachment (see imageAttachments): a data
      // URI inside the card would count against the card's size budget.
      return [];
  }
}

function textBlock(text: string, style: Omit<TextBlock, "type" | "text" | "wrap"> = {}): TextBlock {
  return { type: "TextBlock", text: clip(text, MAX_TEXT_CHARS), wrap: true, ...style };
}


function progressRow(label: string, done: number, total: number): ColumnSet {
  const complete = total > 0 && done >= total;
  return {
    type: "ColumnSet",
    spacing: "Small",
    columns: [
      { type: "Column", width: "stretch", items: [textBlock(label)] },
      {
        type: "Column",
        width: "auto",
        items: [
          {
            type: "TextBlock",
            text: progressBar(done, total),
            fontType: "Monospace",
            ...(complete ? { color: "Good" as const } : {}),
          },
        ],
      },
    ],
  };
}

function itemLine(item: ReplyItem): string {
  const details: string[] = [];
  if (item.critical) details.push("⚠️ critical");
  if (item.state === "done" && item.doneKind === "verified") details.push("verified");
  if (item.owner) details.push(item.owner.startsWith("@") ? item.owner : `@${item.owner}`);
  if (item.due) details.push(item.overdue ? `⏰ overdue (due ${item.due})` : `due ${item.due}`);
  else if (item.overdue) details.push("⏰ overdue");
  const head = `${STATE_ICONS[item.state]} **${item.ref}** ${item.text}`;
  return details.length > 0 ? `${head} · ${details.join(" · ")}` : head;
}

function itemContainer(item: ReplyItem, reasonIds: { next: number }): Container {
  const items: CardElement[] = [textBlock(itemLine(item))];
  if (item.reason) {
    const label = item.state === "blocked" ? "Blocked" : item.state === "skipped" ? "Skipped" : "Reason";
    items.push(textBlock(`${label}: ${item.reason}`, { isSubtle: true, spacing: "None" }));
  }
  if (item.actions && item.actions.length > 0) {
    for (const set of actionSets(item.actions, reasonIds)) items.push({ ...set, spacing: "Small" });
  }
  return { type: "Container", items };
}

function actionSets(actions: ReplyAction[], reasonIds: { next: number }): ActionSet[] {
  const sets: ActionSet[] = [];
  for (let start = 0; start < actions.length; start += MAX_ACTIONS_PER_SET) {
    const chunk = actions.slice(start, start + MAX_ACTIONS_PER_SET);
    sets.push({ type: "ActionSet", actions: chunk.map((action) => cardAction(action, reasonIds)) });
  }
  return sets;
}

function actionStyle(action: ReplyAction): { style?: ActionStyle } {
  if (action.style === "primary") return { style: "positive" };
  if (action.style === "danger") return { style: "destructive" };
  return {};
}

function executeAction(title: string, data: CardActionData, style: { style?: ActionStyle }): ExecuteAction {
  return {
    type: "Action.Execute",
    title,
    ...style,
    verb: CARD_ACTION_VERB,
    data,
    fallback: { type: "Action.Submit", title, ...style, data: { ...data } },
  };
}

function cardAction(action: ReplyAction, reasonIds: { next: number }): CardAction {
  const style = actionStyle(action);
  if (!action.askReason) return executeAction(action.label, { command: action.command }, style);

  const reasonInputId = `reason-${reasonIds.next++}`;
  const input: TextInput = {
    type: "Input.Text",
    id: reasonInputId,
    label: action.askReason.title,
    isMultiline: true,
    maxLength: REASON_MAX_LENGTH,
    ...(action.askReason.placeholder ? { placeholder: action.askReason.placeholder } : {}),
    isRequired: true,
    errorMessage: "Please give a reason.",
  };
  return {
    type: "Action.ShowCard",
    title: action.label,
    ...style,
    card: {
      type: "AdaptiveCard",
      body: [input],
      actions: [executeAction("Save", { command: action.command, askReason: true, reasonInputId }, {})],
    },
  };
}

function fitToBudget(fallbackText: string, entries: BodyEntry[], footer: CardElement | undefined): AdaptiveCard {
  const assemble = (kept: number, withFooter: boolean): AdaptiveCard => {
    const body = entries.slice(0, kept).map((entry) => entry.element);
    if (kept < entries.length) body.push(moreLine(entries.slice(kept)));
    if (footer && withFooter) body.push(footer);
    return {
      type: "AdaptiveCard",
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: "1.5",
      fallbackText,
      body,
      msteams: { width: "Full" },
    };
  };

  const closing = footer ? 1 : 0;
  if (entries.length + closing <= MAX_BODY_ELEMENTS) {
    const whole = assemble(entries.length, true);
    if (adaptiveCardByteSize(whole) <= CARD_SIZE_BUDGET_BYTES) return whole;
  }

  // Estimate how many entries fit (room kept for the "… N more" line), then let the exact size decide.
  const countLimit = Math.min(entries.length, MAX_BODY_ELEMENTS - 1 - closing);
  let used = adaptiveCardByteSize(assemble(0, true));
  let kept = 0;
  while (kept < countLimit) {
    const size = byteLength(JSON.stringify(entries[kept]!.element)) + 1;
    if (used + size > CARD_SIZE_BUDGET_BYTES) break;
    used += size;
    kept++;
  }
  for (;;) {
    const card = assemble(kept, true);
    if (adaptiveCardByteSize(card) <= CARD_SIZE_BUDGET_BYTES) return card;
    if (kept === 0) return assemble(0, false);
    kept--;
  }
}

function moreLine(dropped: BodyEntry[]): TextBlock {
  const items = dropped.reduce((sum, entry) => sum + entry.itemCount, 0);
  const count = items > 0 ? items : dropped.length;
  return textBlock(`… ${count} more — ${TRUNCATION_HINT}`, { isSubtle: true, separator: true });
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Do not split a surrogate pair (an emoji) in half.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
