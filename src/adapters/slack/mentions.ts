// Slack's wire text → the plain command line golive's parser reads.

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U123>`, `<@U123|name>`, `@U123` or `U123` → `U123`; anything else is not a Slack user. */
export function parseSlackMention(token: string): string | null {
  const text = token.trim();
  const wrapped = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  const id = wrapped ? wrapped[1]! : text.replace(/^@/, "");
  return USER_ID.test(id) ? id : null;
}

/**
 * Slash command text comes HTML-escaped (`&lt;`, `&gt;`, `&amp;`) with Slack's own
 * markup for mentions, channels and links. Mentions keep their id (the display name
 * could hold spaces and split the token), links become the URL, channels `#name`.
 */
export function slackTextToCommandLine(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, "<@$1>")
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => (name ? `#${name}` : `#${id}`))
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, "$1")
    .replace(/<!([a-z]+)(?:\|[^>]*)?>/g, "@$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
