// Whether the configuration turns Slack on, without loading bolt (the CLI and the local shell never need it).
import type { Config } from "../../config.js";

export type SlackConfig = Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_SIGNING_SECRET" | "SLACK_APP_TOKEN">;

/** Slack is on with a bot token plus a signing secret (HTTP) or an app token (Socket Mode). */
export function slackEnabled(config: SlackConfig): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
}

/** The one log line for a Slack surface that stays off, saying what would turn it on. */
export function slackOffReason(config: SlackConfig): string {
  if (!config.SLACK_BOT_TOKEN) return "Slack surface off: SLACK_BOT_TOKEN is not set (set it and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode).";
  return "Slack surface off: set SLACK_SIGNING_SECRET (HTTP at /slack/events) or SLACK_APP_TOKEN (Socket Mode) next to SLACK_BOT_TOKEN.";
}
