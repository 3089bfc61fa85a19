// Validates Adaptive Card JSON the way a Teams client would read it, headless.
// adaptivecards 3.0.6 cannot be imported as ESM (extension-less imports): load its UMD build.
import { createRequire } from "node:module";

type AdaptiveCardsModule = typeof import("adaptivecards");

const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsModule;

/** Teams refuses messages over 28 KB. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28_000;
const TEAMS_CARD_VERSION = 1.5;

/** Keys the library does not model but Teams reads (or that are checked separately). */
const ROOT_KEYS_NOT_MODELLED = new Set(["$schema", "msteams"]);

type Json = unknown;

/**
 * Every problem found in a card: parse events, the library's validation, required
 * properties it does not check itself, properties it dropped or changed while
 * parsing (unknown, misspelled or too new for 1.5), invalid fallbacks, and size.
 */
export function cardProblems(card: Json): string[] {
  const problems: string[] = [];
  if (!isRecord(card)) return ["the card is not a JSON object"];
  if (card.type !== "AdaptiveCard") problems.push(`type must be "AdaptiveCard", got ${JSON.stringify(card.type)}`);
  const version = Number(card.version);
  if (typeof card.version !== "string" || !(version >= 1 && version <= TEAMS_CARD_VERSION)) {
    problems.push(`version must be "1.0" … "1.5" (what Teams supports), got ${JSON.stringify(card.version)}`);
  }

  problems.push(...libraryProblems(card));
  problems.push(...mentionProblems(card));
  problems.push(...missingRequired(card, "$"));
  problems.push(...fallbackProblems(card, "$"));

  const size = new TextEncoder().encode(JSON.stringify(card)).length;
  if (size >= TEAMS_MESSAGE_LIMIT_BYTES) {
    problems.push(`the card is ${size} bytes; Teams messages must stay under ${TEAMS_MESSAGE_LIMIT_BYTES}`);
  }
  return problems;
}

export function assertValidCard(card: Json): void {
  const problems = cardProblems(card);
  if (problems.length > 0) {
    throw new Error(`invalid Adaptive Card (${problems.length} problems):\n- ${problems.join("\n- ")}`);
  }
}

function libraryProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index++) {
    problems.push(`parse: ${context.getEventAt(index).message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validation: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  const reserialized = parsed.toJSON(new AC.SerializationContext(AC.Versions.v1_5));
  for (const [key, value] of Object.entries(card)) {
    if (ROOT_KEYS_NOT_MODELLED.has(key)) continue;
    problems.push(...roundTripDifferences(value, isRecord(reserialized) ? reserialized[key] : undefined, `$.${key}`));
  }
  return problems;
}

/** What the library parsed and wrote back must equal what we sent; anything else it did not understand. */
function roundTripDifferences(sent: Json, kept: Json, path: string): string[] {
  if (kept === undefined) return [`${path} was dropped by the parser (unknown, misspelled or not valid in 1.5)`];
  if (Array.isArray(sent)) {
    if (!Array.isArray(kept)) return [`${path} was not kept as an array`];
    return sent.flatMap((entry, index) => roundTripDifferences(entry, kept[index], `${path}[${index}]`));
  }
  if (isRecord(sent)) {
    if (!isRecord(kept)) return [`${path} was not kept as an object`];
    return Object.entries(sent)
      .filter(([key]) => key !== "fallback")
      .flatMap(([key, value]) => roundTripDifferences(value, kept[key], `${path}.${key}`));
  }
  if (sent !== kept) return [`${path} was read as ${JSON.stringify(kept)} instead of ${JSON.stringify(sent)}`];
  return [];
}

/**
 * Teams mentions (`msteams.entities`): every entity is a mention of someone (id and name) whose
 * `<at>…</at>` text appears in a TextBlock, and every `<at>…</at>` a TextBlock shows has its entity.
 */
function mentionProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const msteams = isRecord(card.msteams) ? card.msteams : {};
  const entities = Array.isArray(msteams.entities) ? msteams.entities : [];
  const texts: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isRecord(node)) return;
    if (node.type === "TextBlock" && typeof node.text === "string") texts.push(node.text);
    for (const value of Object.values(node)) if (typeof value === "object") walk(value);
  };
  walk(card.body);
  const shown = new Set(texts.flatMap((t) => t.match(/<at>[^<]*<\/at>/g) ?? []));
  const declared = new Set<string>();
  entities.forEach((entity, index) => {
    const m = isRecord(entity) && isRecord(entity.mentioned) ? entity.mentioned : undefined;
    if (!isRecord(entity) || entity.type !== "mention" || typeof entity.text !== "string" || typeof m?.id !== "string" || !m.id || typeof m.name !== "string") {
      problems.push(`$.msteams.entities[${index}]: a mention needs type "mention", a "text" and "mentioned" {id, name}`);
      return;
    }
    declared.add(entity.text);
    if (!shown.has(entity.text)) problems.push(`$.msteams.entities[${index}]: ${entity.text} is not shown in any TextBlock`);
    if (entity.text !== `<at>${m.name}</at>`) problems.push(`$.msteams.entities[${index}]: text ${entity.text} does not name ${m.name}`);
  });
  for (const text of shown) if (!declared.has(text)) problems.push(`${text} is shown but has no mention entity`);
  return problems;
}

/** Required by the Adaptive Card schema but not enforced by adaptivecards 3.0.6. */
function missingRequired(node: Json, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((entry, index) => missingRequired(entry, `${path}[${index}]`));
  if (!isRecord(node)) return [];
  const problems: string[] = [];
  const type = typeof node.type === "string" ? node.type : undefined;
  const needString = (key: string) => {
    if (typeof node[key] !== "string" || node[key] === "") problems.push(`${path}: ${type} needs a non-empty "${key}"`);
  };
  if (type === "TextBlock") needString("text");
  if (type?.startsWith("Input.")) needString("id");
  if (type?.startsWith("Action.")) needString("title");
  if (type === "Action.Execute") needString("verb");
  if (type === "Action.ShowCard" && !isRecord(node.card)) problems.push(`${path}: Action.ShowCard needs a "card"`);
  if (type === "ActionSet" && (!Array.isArray(node.actions) || node.actions.length === 0)) {
    problems.push(`${path}: ActionSet needs at least one action`);
  }
  if (type === "FactSet") {
    const facts = Array.isArray(node.facts) ? node.facts : [];
    if (facts.length === 0) problems.push(`${path}: FactSet needs at least one fact`);
    facts.forEach((fact, index) => {
      if (!isRecord(fact) || typeof fact.title !== "string" || typeof fact.value !== "string") {
        problems.push(`${path}.facts[${index}]: a fact needs a string "title" and "value"`);
      }
    });
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "object" && value !== null) problems.push(...missingRequired(value, `${path}.${key}`));
  }
  return problems;
}

/** The library ignores `fallback` on types it knows; check each fallback as a card of its own. */
function fallbackProblems(node: Json, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((entry, index) => fallbackProblems(entry, `${path}[${index}]`));
  if (!isRecord(node)) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "fallback") {
      if (value === "drop") continue;
      if (!isRecord(value)) {
        problems.push(`${path}.fallback must be "drop" or an element/action object`);
        continue;
      }
      const isAction = typeof value.type === "string" && value.type.startsWith("Action.");
      const body = isAction ? [{ type: "ActionSet", actions: [value] }] : [value];
      const wrapper = { type: "AdaptiveCard", version: "1.5", body };
      for (const problem of cardProblems(wrapper)) problems.push(`${path}.fallback: ${problem}`);
    } else if (typeof value === "object" && value !== null) {
      problems.push(...fallbackProblems(value, `${path}.${key}`));
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
