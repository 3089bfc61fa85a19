// How golive actions travel through Slack interactivity payloads, both ways.
//
// Buttons: action_id `golive:run:<n>` with value = command text, or
// `golive:ask:<n>` with value = JSON {command, title, placeholder?} when a
// reason must be asked first. Overflow menus carry one action_id
// (`golive:menu:<n>`) for all their options, so there the option value tells
// the kind apart: a JSON object asks for a reason, anything else is a command.

import type { Button, Overflow, PlainTextOption } from "@slack/types";
import type { ReplyAction } from "./reply.js";
import { cutPlain } from "./blockkit-text.js";

export const ACTION_ID_PREFIX = "golive:";
export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;
export const OVERFLOW_OPTIONS_MIN = 2;
export const OVERFLOW_OPTIONS_MAX = 5;

export type SlackActionIntent =
  | { kind: "run"; command: string }
  | { kind: "ask"; command: string; title: string; placeholder?: string; person?: true };

interface AskPayload {
  command: string;
  title?: string;
  placeholder?: string;
  /** The answer is a person: the modal offers a user picker. */
  person?: true;
}

/** Hands out action_ids unique within one rendered payload. */
export class ActionIds {
  private next = 1;
  take(kind: "run" | "ask" | "menu"): string {
    return `${ACTION_ID_PREFIX}${kind}:${this.next++}`;
  }
}

/** The shortest encoding of an ask payload that fits `max`, or undefined. */
function encodeAsk(action: ReplyAction, max: number): string | undefined {
  const ask = action.askReason;
  if (!ask) return undefined;
  const person = ask.person ? { person: true as const } : {};
  const candidates: AskPayload[] = [
    { command: action.command, title: ask.title, placeholder: ask.placeholder, ...person },
    { command: action.command, title: ask.title, ...person },
    { command: action.command, ...person },
  ];
  for (const candidate of candidates) {
    const encoded = JSON.stringify(candidate);
    if (encoded.length <= max) return encoded;
  }
  return undefined;
}

/** A button for `action`, or undefined when its command cannot fit in a button value. */
export function buttonFor(action: ReplyAction, ids: ActionIds): Button | undefined {
  const value = action.askReason ? encodeAsk(action, BUTTON_VALUE_MAX) : action.command;
  if (value === undefined || value.length === 0 || value.length > BUTTON_VALUE_MAX) return undefined;
  const button: Button = {
    type: "button",
    text: { type: "plain_text", text: cutPlain(action.label, BUTTON_TEXT_MAX), emoji: true },
    action_id: ids.take(action.askReason ? "ask" : "run"),
    value,
  };
  if (action.style) button.style = action.style;
  return button;
}

/** An overflow option for `action`, or undefined when its command cannot fit in an option value. */
export function overflowOptionFor(action: ReplyAction): PlainTextOption | undefined {
  const value = action.askReason ? encodeAsk(action, OPTION_VALUE_MAX) : action.command;
  if (value === undefined || value.length === 0 || value.length > OPTION_VALUE_MAX) return undefined;
  // A plain command that looks like JSON would be read back as an ask payload.
  if (!action.askReason && value.trimStart().startsWith("{")) return undefined;
  return { text: { type: "plain_text", text: cutPlain(action.label, OPTION_TEXT_MAX), emoji: true }, value };
}

export function overflowFor(options: PlainTextOption[], ids: ActionIds): Overflow {
  return { type: "overflow", action_id: ids.take("menu"), options };
}

/** The subset of a `block_actions` action that decoding needs. */
export interface SlackActionPayload {
  action_id: string;
  value?: string;
  text?: { text: string };
  selected_option?: { value: string; text?: { text: string } };
}

/** Reads back what a pressed golive button or chosen menu option asks for. */
export function decodeSlackAction(action: SlackActionPayload): SlackActionIntent | undefined {
  const [prefix, kind] = action.action_id.split(":");
  if (`${prefix}:` !== ACTION_ID_PREFIX) return undefined;
  if (kind === "run") return action.value ? { kind: "run", command: action.value } : undefined;
  if (kind === "ask") return decodeAsk(action.value, action.text?.text);
  if (kind === "menu") {
    const option = action.selected_option;
    if (!option?.value) return undefined;
    if (option.value.trimStart().startsWith("{")) return decodeAsk(option.value, option.text?.text);
    return { kind: "run", command: option.value };
  }
  return undefined;
}

function decodeAsk(value: string | undefined, label: string | undefined): SlackActionIntent | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { command, title, placeholder, person } = parsed as Record<string, unknown>;
  if (typeof command !== "string" || command.length === 0) return undefined;
  const intent: SlackActionIntent = {
    kind: "ask",
    command,
    title: typeof title === "string" && title.length > 0 ? title : (label ?? "Reason"),
  };
  if (typeof placeholder === "string") intent.placeholder = placeholder;
  if (person === true) intent.person = true;
  return intent;
}
