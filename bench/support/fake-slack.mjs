// Preloaded (`node --import`) into the golive server the load bench starts: Slack's Web API
// and response_urls answered locally, so the real start path (auth.test) runs without network.
import nock from "nock";

nock("https://slack.com").persist().post("/api/auth.test").reply(200, { ok: true, user_id: "U0GOLIVE", bot_id: "B0GOLIVE", team_id: "T0001", url: "https://example.slack.com/" });
nock("https://slack.com").persist().post(/\/api\/.*/).reply(200, { ok: true, ts: "1700000000.000100", channel: "C0BENCH01" });
nock("https://hooks.slack.com").persist().post(/.*/).reply(200, "ok");
