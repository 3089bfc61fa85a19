// The load bench's baseline: a bare @slack/bolt app on bolt's own HTTP receiver that only
// acknowledges every slash command, with the same signing secret as golive.
import bolt from "@slack/bolt";

const app = new bolt.App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  tokenVerificationEnabled: false,
  botId: "B0GOLIVE",
  botUserId: "U0GOLIVE",
});
app.command(/^\//, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
