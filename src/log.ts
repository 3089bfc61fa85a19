import pino from "pino";

export type Logger = pino.Logger;

/** JSON logs; secrets are redacted by key wherever they appear. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { app: "golive" },
      redact: {
        paths: ["*.token", "*.password", "*.secret", "*.signingSecret", "*.botToken", "*.appToken", "*.connectionString", "*.databaseUrl", "*.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
