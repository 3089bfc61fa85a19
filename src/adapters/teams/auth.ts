// How the Teams endpoint authenticates: Bot Framework JWTs with the bot's Azure app
// credentials, or (local testing only, never in production) not at all.
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Config } from "../../config.js";
import { GoliveError } from "../../errors.js";
import { type ConnectorRetryOptions, useConnectorRetry } from "./connector-retry.js";

export type TeamsAuthMode =
  | { kind: "authenticated"; appId: string; appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI" }
  | { kind: "unauthenticated"; appId: "" };

type TeamsConfig = Pick<
  Config,
  "MICROSOFT_APP_ID" | "MICROSOFT_APP_PASSWORD" | "MICROSOFT_APP_TENANT_ID" | "MICROSOFT_APP_TYPE" | "GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED" | "NODE_ENV"
>;

/**
 * Which mode the configuration asks for; null when Teams is not configured at all.
 * Throws a config error for half-configured credentials and for unauthenticated mode in production.
 */
export function teamsAuthMode(config: TeamsConfig): TeamsAuthMode | null {
  const appId = config.MICROSOFT_APP_ID;
  if (appId) {
    const appType = config.MICROSOFT_APP_TYPE ?? "MultiTenant";
    if (appType !== "UserAssignedMSI" && !config.MICROSOFT_APP_PASSWORD) {
      throw new GoliveError("config", "MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not.", "Set MICROSOFT_APP_PASSWORD to a client secret of the bot's Azure app registration.");
    }
    if (appType !== "MultiTenant" && !config.MICROSOFT_APP_TENANT_ID) {
      throw new GoliveError("config", `MICROSOFT_APP_TYPE is ${appType} but MICROSOFT_APP_TENANT_ID is not set.`, "Set MICROSOFT_APP_TENANT_ID to the directory (tenant) id of the bot's app registration.");
    }
    return { kind: "authenticated", appId, appType };
  }
  if (config.MICROSOFT_APP_PASSWORD || config.MICROSOFT_APP_TENANT_ID) {
    throw new GoliveError("config", "MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set but MICROSOFT_APP_ID is not.", "Set MICROSOFT_APP_ID to the bot's Microsoft App ID (the app registration's client id).");
  }
  if (!config.GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED) return null;
  if (config.NODE_ENV === "production") {
    throw new GoliveError(
      "config",
      "GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED=true is refused when NODE_ENV=production: anyone could post to /api/messages as anyone.",
      "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (see the README, Microsoft Teams), or unset GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED.",
    );
  }
  return { kind: "unauthenticated", appId: "" };
}

/** botbuilder's authentication for the mode, with golive's retry policy on every connector client it makes. */
export function createBotAuthentication(config: TeamsConfig, mode: TeamsAuthMode, retry: ConnectorRetryOptions): ConfigurationBotFrameworkAuthentication {
  const settings =
    mode.kind === "authenticated"
      ? {
          MicrosoftAppId: mode.appId,
          MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
          MicrosoftAppType: mode.appType,
          MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
        }
      : {};
  return new RetryingBotAuthentication(settings, retry);
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;

/** Every connector client botbuilder makes, for replies (authenticateRequest's factory) and proactive posts alike. */
class RetryingBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string | undefined>,
    private readonly retry: ConnectorRetryOptions,
  ) {
    super(settings);
  }

  override createConnectorFactory(claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>[0]) {
    return this.withRetry(super.createConnectorFactory(claimsIdentity));
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: this.withRetry(result.connectorFactory) } : result;
  }

  private withRetry(inner: ConnectorFactory): ConnectorFactory {
    const retry = this.retry;
    return {
      async create(serviceUrl: string, audience?: string) {
        const client = await inner.create(serviceUrl, audience);
        useConnectorRetry(client, retry);
        return client;
      },
    };
  }
}
