// Output that arrives while someone types goes above the prompt, which is drawn again with what was typed.
import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createShellPrinter } from "../../../src/adapters/shell/printer.js";
import { humanLogLine } from "../../../src/log.js";

describe("the shell printer", () => {
  it("prints above the prompt and redraws the prompt with the typed text", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => {
      written += chunk.toString("utf8");
    });
    const rl = createInterface({ input, output, terminal: true, prompt: "golive> " });
    const printer = createShellPrinter(output);
    printer.attach(rl);
    printer.setPrompting(true);
    rl.prompt();
    input.write("chec");
    await new Promise((resolve) => setImmediate(resolve));
    written = "";
    printer.print("── golive in local ──\nshop · readiness");
    // Back to the line start, clear below, the text, then the prompt and what was typed.
    expect(written).toBe("\x1b[1G\x1b[0J── golive in local ──\nshop · readiness\n\x1b[1G\x1b[0Jgolive> chec\x1b[13G");
    printer.setPrompting(false);
    written = "";
    printer.print("while a command runs");
    expect(written).toBe("while a command runs\n");
    rl.close();
  });

  it("turns a JSON log line into one short human line", () => {
    expect(humanLogLine('{"level":40,"msg":"outbox delivery failed; will retry"}', ".golive/golive.log")).toBe("warning: outbox delivery failed; will retry");
    expect(humanLogLine('{"level":50,"msg":"command failed","errorId":"ab12cd34"}', ".golive/golive.log")).toBe(
      "error: command failed (error ab12cd34) — details in .golive/golive.log",
    );
  });
});
