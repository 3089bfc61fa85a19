// Reply -> Adaptive Card 1.5 (the version Teams supports). Pure: no I/O, no Teams SDK.
import { progressBar } from "./progress.js";
import { nestingMark, type PersonMention, type Reply, type ReplyAction, type ReplyBlock, type ReplyItem } from "./reply.js";

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
/** An item's text and reason in a list (history shows them whole), so that a page of items fits one card. */
const MAX_ITEM_TEXT_CHARS = 500;
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
  width: "auto" | "stretch" | `${number}px`;
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

/** A pick list; `filtered` lets people type to narrow a long list (Adaptive Cards 1.5). */
export interface ChoiceSetInput extends ElementLayout {
  type: "Input.ChoiceSet";
  id: string;
  label: string;
  style: "filtered";
  choices: { title: string; value: string }[];
  placeholder?: string;
  isRequired: boolean;
  errorMessage: string;
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | TextInput | ChoiceSetInput;

/** A person golive knows on the surface: their id (what the command takes) and display name. */
export interface KnownPerson {
  id: string;
  name: string;
}

export interface CardOptions {
  /** People an action that asks for a person (Assign) offers in a pick list; none: a text box. */
  people?: readonly KnownPerson[];
}

/** The most people a pick list offers (the rest are reached by typing their name). */
export const MAX_PICKER_PEOPLE = 100;

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

/** `secondary`: shown in the card's "…" overflow menu instead of as a button. */
type ActionMode = { mode?: "secondary" };

export interface ExecuteAction extends ActionMode {
  type: "Action.Execute";
  title: string;
  style?: ActionStyle;
  verb: typeof CARD_ACTION_VERB;
  data: CardActionData;
  /** Clients without Universal Actions fall back to a plain submit. */
  fallback: SubmitAction;
}

export interface ShowCardAction extends ActionMode {
  type: "Action.ShowCard";
  title: string;
  style?: ActionStyle;
  card: { type: "AdaptiveCard"; body: CardElement[]; actions: CardAction[] };
}

export type CardAction = ExecuteAction | SubmitAction | ShowCardAction;

/** A Teams mention: `text` appears in a TextBlock of the card; Teams shows it as the person and notifies them. */
export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: "1.5";
  fallbackText: string;
  body: CardElement[];
  msteams: { width: "Full"; entities?: MentionEntity[] };
}

/** The most people one post mentions (each mention is a notification). */
export const MAX_MENTIONS = 20;

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

/** How much of an item's actions a card carries: all of them, only the first, or none. */
type ItemActionsLevel = "all" | "primary" | "none";

interface RenderContext {
  /** Next number for a reason input id (ids must be unique within a card). */
  next: number;
  itemActions: ItemActionsLevel;
  people: readonly KnownPerson[];
}

/**
 * The reply as a card that fits a Teams message. Every item stays visible: when the list is
 * too big with its buttons, the items' menus are left out first, then their buttons (each item
 * is still reachable by its commands); only then are items cut, with a "… N more" line.
 */
export function renderAdaptiveCard(reply: Reply, options: CardOptions = {}): AdaptiveCard {
  return withMentions(fittedCard(reply, options), reply.mentions ?? []);
}

function fittedCard(reply: Reply, options: CardOptions): AdaptiveCard {
  const fallbackText = clip(reply.summary, MAX_FALLBACK_TEXT_CHARS);
  // A person picker holds the whole list of people once per Assign button: when it does not fit, Assign asks with a text box.
  const pickers: CardOptions[] = options.people?.length ? [options, {}] : [{}];
  const levels: ItemActionsLevel[] = ["all", "primary", "none"];
  for (const level of levels.slice(0, -1)) {
    for (const withPeople of pickers) {
      const { entries, footer } = cardEntries(reply, level, withPeople);
      const whole = assembleCard(fallbackText, entries.map((e) => e.element), footer);
      if (whole.body.length <= MAX_BODY_ELEMENTS && adaptiveCardByteSize(whole) <= CARD_SIZE_BUDGET_BYTES) return whole;
    }
  }
  const { entries, footer } = cardEntries(reply, "none", {});
  return fitToBudget(fallbackText, entries, footer);
}

function assembleCard(fallbackText: string, body: CardElement[], footer: CardElement | undefined): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: "1.5",
    fallbackText,
    body: footer ? [...body, footer] : body,
    msteams: { width: "Full" },
  };
}

function cardEntries(reply: Reply, itemActions: ItemActionsLevel, options: CardOptions): { entries: BodyEntry[]; footer: CardElement | undefined } {
  const reasonIds: RenderContext = { next: 1, itemActions, people: options.people ?? [] };
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
  return { entries, footer };
}

export function renderAdaptiveCardActivityAttachment(reply: Reply, options: CardOptions = {}): AdaptiveCardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderAdaptiveCard(reply, options) };
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

function renderBlock(block: Exclude<ReplyBlock, { kind: "divider" }>, reasonIds: RenderContext): BodyEntry[] {
  switch (block.kind) {
    case "heading":
      return [{ element: textBlock(block.text.replace(/\s+/g, " "), { size: "Large", weight: "Bolder" }), itemCount: 0 }];
    case "text":
      return [{ element: linesElement(block.text), itemCount: 0 }];
    case "progress":
      return [{ element: progressRow(block.label, block.done, block.total), itemCount: 0 }];
    case "fields":
      if (block.fields.length === 0) return [];
      return [
        {
          element: {
            type: "FactSet",
            facts: block.fields.map((field) => ({
              title: cardMarkdown(clip(field.label, MAX_FACT_VALUE_CHARS)),
              value: cardMarkdown(clip(field.value, MAX_FACT_VALUE_CHARS).replace(/\s*\n\s*/g, " · ")) || "—",
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

/** A TextBlock showing `text` as written: markdown in it is escaped (see cardMarkdown). */
function textBlock(text: string, style: Omit<TextBlock, "type" | "text" | "wrap"> = {}): TextBlock {
  return markdownBlock(cardMarkdown(clip(text, MAX_TEXT_CHARS)), style);
}

/** A TextBlock whose text is already card markdown (golive's own bold around escaped user text). */
function markdownBlock(markdown: string, style: Omit<TextBlock, "type" | "text" | "wrap"> = {}): TextBlock {
  return { type: "TextBlock", text: markdown, wrap: true, ...style };
}

/**
 * Text of several lines: Teams joins single newlines into one paragraph, so each line
 * is a TextBlock of its own (no spacing between them); a single line is one TextBlock.
 */
function linesElement(text: string): TextBlock | Container {
  const lines = clip(text, MAX_TEXT_CHARS).split("\n");
  while (lines.length > 1 && lines.at(-1)!.trim() === "") lines.pop();
  if (lines.length === 1) return textBlock(lines[0]!);
  return {
    type: "Container",
    items: lines.map((line, index) => ({
      ...(line.trim() === "" ? markdownBlock("\u00a0") : textBlock(line)),
      ...(index > 0 ? { spacing: "None" as const } : {}),
    })),
  };
}

const MARKDOWN_SPECIALS = /[\\`*_[\]~<>#]/g;

/**
 * Plain text as Adaptive Card markdown that shows exactly that text. Teams reads TextBlocks
 * as markdown: user text must never become a link with a made-up label (`[Click](https://…)`),
 * bold, or a list. Code marks (`x`) are dropped, as cards cannot show them; markdown's
 * special characters are backslash-escaped; a line starting like a list item (`1.`, `-`)
 * is escaped; leading spaces are kept as non-breaking spaces. A URL stays visible as itself.
 */
export function cardMarkdown(text: string): string {
  return text
    .replace(/`([^`\n]+)`/g, "$1")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => {
      const escaped = line
        .replace(MARKDOWN_SPECIALS, (char) => `\\${char}`)
        .replace(/^(\s*\d+)([.)])(?=\s|$)/, "$1\\$2")
        .replace(/^(\s*)([-+=])(?=\s|$)/, "$1\\$2");
      return escaped.replace(/^ +/, (spaces) => "\u00a0".repeat(spaces.length));
    })
    .join("\n");
}


/** Wide enough for the longest bar (`▓▓▓▓▓▓▓▓▓▓ 999/999 (100%)`) in Teams' monospace font. */
const PROGRESS_COLUMN_WIDTH = "210px";

/** The bar in a fixed-width first column, the label beside it: bars and labels line up down the card. */
function progressRow(label: string, done: number, total: number): ColumnSet {
  const complete = total > 0 && done >= total;
  return {
    type: "ColumnSet",
    spacing: "Small",
    columns: [
      {
        type: "Column",
        width: PROGRESS_COLUMN_WIDTH,
        items: [
          {
            type: "TextBlock",
            text: progressBar(done, total),
            fontType: "Monospace",
            ...(complete ? { color: "Good" as const } : {}),
          },
        ],
      },
      { type: "Column", width: "stretch", items: [textBlock(label.replace(/\s+/g, " "))] },
    ],
  };
}

/** The item's line as card markdown: golive's bold ref around escaped user text. */
function itemLine(item: ReplyItem): string {
  const details: string[] = [];
  if (item.critical) details.push("⚠️ critical");
  if (item.state === "done" && item.doneKind === "verified") details.push("verified");
  if (item.owner) details.push(item.owner);
  if (item.due) details.push(item.overdue ? `⏰ overdue (due ${item.due})` : `due ${item.due}`);
  else if (item.overdue) details.push("⏰ overdue");
  const text = cardMarkdown(clip(item.text.replace(/\s+/g, " "), MAX_ITEM_TEXT_CHARS));
  const head = `${nestingMark(item.depth)}${STATE_ICONS[item.state]} **${cardMarkdown(item.ref)}** ${text}`;
  return details.length > 0 ? `${head} · ${cardMarkdown(details.join(" · "))}` : head;
}

function itemContainer(item: ReplyItem, reasonIds: RenderContext): Container {
  const items: CardElement[] = [markdownBlock(itemLine(item))];
  if (item.reason) {
    const label = item.state === "blocked" ? "Blocked" : item.state === "skipped" ? "Skipped" : "Reason";
    items.push(textBlock(clip(`${label}: ${item.reason.replace(/\s+/g, " ")}`, MAX_ITEM_TEXT_CHARS), { isSubtle: true, spacing: "None" }));
  }
  const [primary, ...rest] = reasonIds.itemActions === "none" ? [] : (item.actions ?? []);
  const more = reasonIds.itemActions === "all" ? rest : [];
  if (primary) {
    // One button for the likely next step; the rest in the card's "…" overflow menu.
    const actions = [cardAction(primary, reasonIds), ...more.map((action) => ({ ...cardAction(action, reasonIds), mode: "secondary" as const }))];
    items.push({ type: "ActionSet", spacing: "Small", actions });
  }
  return { type: "Container", items };
}

function actionSets(actions: ReplyAction[], reasonIds: RenderContext): ActionSet[] {
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

function cardAction(action: ReplyAction, reasonIds: RenderContext): CardAction {
  const style = actionStyle(action);
  if (!action.askReason) return executeAction(action.label, { command: action.command }, style);

  const reasonInputId = `reason-${reasonIds.next++}`;
  const input: TextInput | ChoiceSetInput = action.askReason.person && reasonIds.people.length > 0 ? personPicker(reasonInputId, action.askReason.title, reasonIds.people) : {
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

/**
 * The post's people as Teams mentions: where a TextBlock shows a person's name (as the card
 * shows it, escaped), it becomes `<at>name</at>`, and the card carries the matching mention
 * entity. Buttons' cards are left alone. Nobody is mentioned whose name the card does not show.
 */
function withMentions(card: AdaptiveCard, mentions: readonly PersonMention[]): AdaptiveCard {
  const people = mentions.filter((m) => m.surface === "teams" && m.id && mentionName(m.name)).slice(0, MAX_MENTIONS);
  if (people.length === 0) return card;
  // Longer names first, so that "Bob" does not take the start of "Bob Stone".
  const byLength = [...people].sort((a, b) => b.name.length - a.name.length);
  const entities = new Map<string, MentionEntity>();
  const mention = (text: string): string => {
    let out = text;
    for (const person of byLength) {
      const shown = cardMarkdown(person.name.replace(/\s+/g, " ").trim());
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}_@>\\\\])${escapeRegExp(shown)}(?![\\p{L}\\p{N}_])`, "gu");
      const at = `<at>${mentionName(person.name)}</at>`;
      const replaced = out.replace(pattern, () => at);
      if (replaced !== out) entities.set(person.id, { type: "mention", text: at, mentioned: { id: person.id, name: mentionName(person.name) } });
      out = replaced;
    }
    return out;
  };
  const visit = (element: CardElement): CardElement => {
    if (element.type === "TextBlock") return { ...element, text: mention(element.text) };
    if (element.type === "Container") return { ...element, items: element.items.map(visit) };
    if (element.type === "ColumnSet") return { ...element, columns: element.columns.map((c) => ({ ...c, items: c.items.map(visit) })) };
    return element;
  };
  const body = card.body.map(visit);
  if (entities.size === 0) return card;
  return { ...card, body, msteams: { ...card.msteams, entities: [...entities.values()] } };
}

/** A name as a mention shows it: one line, without markdown's special characters (an angle bracket would end the `<at>` tag). */
function mentionName(name: string): string {
  return name.replace(MARKDOWN_SPECIALS, "").replace(/\s+/g, " ").trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The people golive knows as a filtered pick list (sorted by name, at most MAX_PICKER_PEOPLE); the value is `@id`, which the command reads as that person. */
function personPicker(id: string, label: string, people: readonly KnownPerson[]): ChoiceSetInput {
  const choices = [...people]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, MAX_PICKER_PEOPLE)
    .map((p) => ({ title: clip(p.name.replace(/\s+/g, " "), 100), value: `@${p.id}` }));
  return { type: "Input.ChoiceSet", id, label, style: "filtered", choices, placeholder: "Type a name", isRequired: true, errorMessage: "Please pick a person." };
}

function fitToBudget(fallbackText: string, entries: BodyEntry[], footer: CardElement | undefined): AdaptiveCard {
  const assemble = (kept: number, withFooter: boolean): AdaptiveCard => {
    const body = entries.slice(0, kept).map((entry) => entry.element);
    if (kept < entries.length) body.push(moreLine(entries.slice(kept)));
    return assembleCard(fallbackText, body, withFooter ? footer : undefined);
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
