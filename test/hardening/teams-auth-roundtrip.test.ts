// The authenticated Teams path end to end with the real botbuilder code: Microsoft's OpenID
// metadata, signing keys and token endpoint are nocked at the network edge with keys this
// test generates; a signed Bot Framework token is posted with an activity; golive answers
// on the serviceUrl with the outbound token it got from the token endpoint.
import { createSign, generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { machineNow } from "../helpers/time.js";
import { personalMessage, SERVICE_PATH, SERVICE_URL, startTeams, type TeamsTestApp, teamsConfig } from "../adapters/teams/teams-harness.js";

const APP_ID_PREFIX = "9a3c2e1f-0000-4000-8000-0000000000";
const OTHER_APP_ID = "0b1d2c3e-0000-4000-8000-0000000000ff";
const TENANT = "5c0a7f3e-1111-4222-8333-444455556666";
const KID = "golive-test-key";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = publicKey.export({ format: "jwk" });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A Bot Framework channel token, as the Bot Connector signs it (RS256, iss api.botframework.com). */
function botFrameworkToken(audience: string, serviceUrl: string): string {
  const now = Math.floor(machineNow().getTime() / 1000);
  const header = b64({ alg: "RS256", typ: "JWT", kid: KID, x5t: KID });
  const payload = b64({ iss: "https://api.botframework.com", aud: audience, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600 });
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Microsoft's OpenID metadata and signing keys (endorsed for msteams) at the network edge. */
function nockBotFrameworkKeys() {
  return nock("https://login.botframework.com")
    .persist()
    .get("/v1/.well-known/openidconfiguration")
    .reply(200, { issuer: "https://api.botframework.com", jwks_uri: "https://login.botframework.com/v1/.well-known/keys", id_token_signing_alg_values_supported: ["RS256"] })
    .get("/v1/.well-known/keys")
    .reply(200, { keys: [{ kty: "RSA", use: "sig", kid: KID, x5t: KID, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }] });
}

/** The Entra ID token endpoint golive's outbound calls use (tenant `botframework.com` for multi-tenant bots). */
function nockTokenEndpoint(tenant: string, appId: string, accessToken: string) {
  const asked: string[] = [];
  const authority = `https://login.microsoftonline.com/${tenant}`;
  const scope = nock("https://login.microsoftonline.com")
    .persist()
    .get(`/${tenant}/v2.0/.well-known/openid-configuration`)
    .reply(200, {
      issuer: `${authority}/v2.0`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "token"],
    })
    .get(/\/common\/discovery\/instance.*/)
    .reply(200, {
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: "login.microsoftonline.com", preferred_cache: "login.windows.net", aliases: ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"] }],
    })
    .post(`/${tenant}/oauth2/v2.0/token`, (body) => {
      asked.push(`${body.client_id} ${body.scope} ${body.grant_type}`);
      return body.client_id === appId && body.client_secret === "test-client-secret";
    })
    .query(true)
    .reply(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  return { scope, asked };
}

/** The Bot Connector at serviceUrl: records each reply and the Authorization it came with. */
function nockConnector() {
  const replies: { auth: string | undefined; text: string }[] = [];
  const scope = nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/.+\/activities/)
    // nock 15 hands a one-argument reply function the fetch Request (see teams-harness).
    .reply(200, (async (req: Request) => {
      replies.push({ auth: req.headers.get("authorization") ?? undefined, text: await req.text() });
      return { id: `sent-${replies.length}` };
    }) as unknown as (uri: string, body: nock.Body) => nock.ReplyBody);
  return { scope, replies };
}

describe.each(engines)("the authenticated Teams round trip on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    nock.cleanAll();
  });

  // One app id per mode and engine: botbuilder caches outbound tokens per app id for the process.
  const appId = (n: number) => `${APP_ID_PREFIX}${String(n + (engine === "postgres" ? 2 : 0)).padStart(2, "0")}`;
  const modes: { name: string; appId: string; env: Record<string, string>; tenant: string }[] = [
    { name: "multi-tenant", appId: appId(1), env: {}, tenant: "botframework.com" },
    { name: "single-tenant", appId: appId(2), env: { MICROSOFT_APP_TYPE: "SingleTenant", MICROSOFT_APP_TENANT_ID: TENANT }, tenant: TENANT },
  ];
  for (const mode of modes) {
    it(`${mode.name}: a signed activity is accepted and answered on the serviceUrl with the outbound token; another app's token is refused`, { timeout: 30_000 }, async () => {
      nockBotFrameworkKeys();
      const entra = nockTokenEndpoint(mode.tenant, mode.appId, `outbound-token-${mode.name}`);
      const connector = nockConnector();
      app = await startTeams(db(), teamsConfig({ MICROSOFT_APP_ID: mode.appId, MICROSOFT_APP_PASSWORD: "test-client-secret", GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: "false", ...mode.env }));
      expect(app.surface.mode).toBe("authenticated");
      const activity = personalMessage("help");
      const serviceUrl = activity.serviceUrl as string;
      expect(serviceUrl.startsWith(`${SERVICE_URL}${SERVICE_PATH}`)).toBe(true);

      const answer = await app.post(activity, { authorization: `Bearer ${botFrameworkToken(mode.appId, serviceUrl)}` });
      expect(answer.status).toBe(200);
      expect(connector.replies).toHaveLength(1);
      // The reply carries the token golive got from the mode's token endpoint (tenant botframework.com or the bot's own).
      expect(connector.replies[0]!.auth).toBe(`Bearer outbound-token-${mode.name}`);
      expect(connector.replies[0]!.text).toMatch(/golive/i);
      expect(entra.asked).toEqual([expect.stringMatching(new RegExp(`^${mode.appId} https://api\\.botframework\\.com/\\.default.* client_credentials$`))]);

      // A token for another bot, or for another serviceUrl, is refused and nothing is sent.
      const other = await app.post(personalMessage("help"), { authorization: `Bearer ${botFrameworkToken(OTHER_APP_ID, serviceUrl)}` });
      expect(other.status).toBe(401);
      const elsewhere = await app.post(personalMessage("help"), { authorization: `Bearer ${botFrameworkToken(mode.appId, "https://evil.example/")}` });
      expect(elsewhere.status).toBe(401);
      expect(connector.replies).toHaveLength(1);
    });
  }
});
