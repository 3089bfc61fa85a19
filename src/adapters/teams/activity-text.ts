// What a Teams message says, as a golive command line: the bot's own @mention removed,
// people's @mentions turned into `@<principal id>` tokens, Teams' HTML escaping undone.
import type { Activity } from "botbuilder";

export interface CommandText {
  text: string;
  /** The message @mentioned the bot (channels and group chats only deliver or answer those). */
  mentionsBot: boolean;
  /** Principal ids of the people @mentioned, as they appear in `text` after the `@`. */
  people: Set<string>;
}

export interface MentionedPerson {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** Resolves a mentioned person to the id golive uses for people (the AAD object id where known). */
export type PersonResolver = (mentioned: MentionedPerson) => Promise<string>;

/** The parts of a message activity read here. */
export interface MessageLike {
  text?: string;
  recipient?: { id: string };
  entities?: { type: string; [key: string]: unknown }[];
}

interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: MentionedPerson;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export async function commandText(activity: MessageLike, resolvePerson: PersonResolver): Promise<CommandText> {
  let text = activity.text ?? "";
  let mentionsBot = false;
  const people = new Set<string>();
  const botId = activity.recipient?.id;
  for (const mention of mentionsOf(activity)) {
    if (mention.mentioned.id === botId) {
      mentionsBot = true;
      text = text.split(mention.text).join(" ");
      continue;
    }
    const id = await resolvePerson(mention.mentioned);
    people.add(id);
    // Replace one occurrence per entity: two people may share a display name.
    text = text.replace(mention.text, () => ` @${id} `);
  }
  text = text
    .replace(/<at>(.*?)<\/at>/gi, "$1")
    .replace(/<\/?(p|div|span|br)\b[^>]*>/gi, " ")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => decodeEntity(whole, name));
  return { text: text.replace(/\s+/g, " ").trim(), mentionsBot, people };
}

function mentionsOf(activity: MessageLike): MentionEntity[] {
  return (activity.entities ?? []).filter(
    (e): e is MentionEntity & { [key: string]: unknown } =>
      e.type === "mention" && typeof e.text === "string" && e.text !== "" && typeof (e.mentioned as MentionedPerson | undefined)?.id === "string",
  );
}

function decodeEntity(whole: string, name: string): string {
  if (name.startsWith("#")) {
    const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return ENTITIES[name.toLowerCase()] ?? whole;
}

const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEAMS_USER_ID = /^(29|8):[\w:.-]+$/;

/**
 * `parseMention` for dispatch: `@<id>` of a person mentioned in this message, or an AAD
 * object id typed by hand (a card's text box cannot hold a real @mention).
 */
export function teamsMentionParser(people: Set<string>): (token: string) => string | null {
  return (token) => {
    const id = token.trim().replace(/^@/, "");
    if (people.has(id) || AAD_OBJECT_ID.test(id) || (token.trim().startsWith("@") && TEAMS_USER_ID.test(id))) return id;
    return null;
  };
}

/** The user golive knows: the AAD object id, else the Teams user id. */
export function actorIdOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? "unknown";
}

/** A channel thread (`19:…@thread.tacv2;messageid=…`) belongs to its channel. */
export function conversationKey(conversationId: string): string {
  return conversationId.split(";messageid=")[0]!;
}

export function isPersonalChat(activity: Partial<Activity>): boolean {
  const conversation = activity.conversation;
  return conversation?.conversationType === "personal" || (!conversation?.conversationType && !conversation?.isGroup);
}
