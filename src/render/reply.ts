// The neutral reply model. Commands build it; renderers (text, Block Kit,
// Adaptive Cards) turn it into platform payloads. Keep it platform-free.

export type ItemStateName = "open" | "done" | "blocked" | "skipped";

/** A button or menu entry: pressing it runs `command` as the pressing user. */
export interface ReplyAction {
  label: string;
  /** Command text to dispatch, e.g. `check 4.2 --launch osce-prod`. */
  command: string;
  style?: "primary" | "danger";
  /** When set, the surface asks for a reason first (modal / Input.Text) and appends it to `command`. */
  askReason?: { title: string; placeholder?: string; person?: true };
}

/** The indent that shows an item's nesting under its parent item, the same on every surface. */
export const nestingMark = (depth: number | undefined) => (depth && depth > 0 ? `${"\u2003".repeat(depth - 1)}↳ ` : "");

export interface ReplyItem {
  ref: string;
  text: string;
  state: ItemStateName;
  /** `attested` (a person ticked it) or `verified` (an audit proved it). Only for done items. */
  doneKind?: "attested" | "verified";
  critical?: boolean;
  /** The owner as shown: a display name, else `@id`. */
  owner?: string | null;
  /** The owner's principal id, where a surface can mention them (Slack `<@U…>`). */
  ownerId?: string | null;
  due?: string | null;
  overdue?: boolean;
  reason?: string | null;
  /** How deep the item sits under parent items (lists indent it); 0 or absent at the top. */
  depth?: number;
  /** Per-item actions (Check, Assign, Block, Skip, Details). */
  actions?: ReplyAction[];
}

export type ReplyBlock =
  | { kind: "heading"; text: string }
  | { kind: "text"; text: string }
  | { kind: "progress"; label: string; done: number; total: number }
  | { kind: "fields"; fields: { label: string; value: string }[] }
  | { kind: "items"; items: ReplyItem[]; more?: { count: number; hint: string } }
  | { kind: "actions"; actions: ReplyAction[] }
  | { kind: "divider" }
  /** A picture (a chart): attached where the surface allows (a Teams image attachment, a Slack file upload); text shows its title. */
  | { kind: "image"; title: string; alt: string; filename: string; pngBase64: string };

export interface Reply {
  /** false when the command was refused or invalid (CLI exit code 1). */
  ok: boolean;
  /** Queries answer ephemerally by default; `--public` or announcements are public. */
  visibility: "ephemeral" | "public";
  blocks: ReplyBlock[];
  /** Short plain-text summary, used as notification fallback text. */
  summary: string;
  /** Why it failed, for exit codes and logs: `usage`, `forbidden`, `not_found`… */
  error?: string;
  /** `json`: the one text block is machine-readable output (`--json`), printed as is. */
  format?: "json";
  /** Notify everyone in the channel it is posted to (Slack `@here`, a Teams channel mention). */
  mentionChannel?: boolean;
  /**
   * People a post should notify, each shown in its text by `name`. Surfaces that can mention
   * people (Teams: `<at>name</at>` with a mention entity) turn that name into a mention of `id`
   * when the person is theirs (`surface`); elsewhere the name stays plain. Only for posts, not
   * for answers to a command.
   */
  mentions?: PersonMention[];
}

export interface PersonMention {
  surface: string;
  id: string;
  name: string;
}

export const reply = {
  ok(summary: string, blocks: ReplyBlock[] = [{ kind: "text", text: summary }]): Reply {
    return { ok: true, visibility: "ephemeral", blocks, summary };
  },
  error(message: string, hint?: string, error = "invalid"): Reply {
    const blocks: ReplyBlock[] = [{ kind: "text", text: message }];
    if (hint) blocks.push({ kind: "text", text: hint });
    return { ok: false, visibility: "ephemeral", blocks, summary: message, error };
  },
  /** Exactly the JSON and nothing else, for scripts (`--json`). A failed one carries its error code. */
  json(value: unknown, summary: string, failure?: string): Reply {
    const blocks: ReplyBlock[] = [{ kind: "text", text: JSON.stringify(value, null, 2) }];
    return { ok: failure === undefined, visibility: "ephemeral", format: "json", summary, blocks, ...(failure === undefined ? {} : { error: failure }) };
  },
};

/** An error reply as JSON, `{"error": {"code", "message", "hint"}}`: a `--json` command prints JSON even when it fails. */
export function jsonError(r: Reply): Reply {
  const [message, ...rest] = r.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
  const error = { code: r.error ?? "invalid", message: message ?? r.summary, ...(rest.length > 0 ? { hint: rest.join("\n") } : {}) };
  return reply.json({ error }, r.summary, r.error ?? "invalid");
}

/** The reply's words without its lists or buttons (headings and texts), for places that take one string. */
export function replyText(r: Reply, separator = "\n"): string {
  return r.blocks.flatMap((b) => (b.kind === "text" || b.kind === "heading" ? [b.text] : [])).join(separator) || r.summary;
}
