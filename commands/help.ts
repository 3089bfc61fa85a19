import { z } from "zod";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

// The registry imports this module, so the list of commands is passed in at registration.
export function helpCommand(all: () => { name: string; summary: string; usage: string; examples: string[]; shellOnly?: boolean }[]) {
  return defineCommand({
    name: "help",
    scope: "global",
    summary: "List the commands, or show how to use one",
    usage: "help [command]",
    examples: ["help", "help check", "help launch create"],
    positionals: [{ name: "topic", kind: "rest" }],
    args: z.object({ topic: z.string().optional() }),
    async run({ topic }, ctx) {
      const local = ctx.actor.surface === "shell";
      const commands = all().filter((c) => local || !c.shellOnly || topic);
      if (topic) {
        const wanted = topic.toLowerCase().replace(/^\/?golive\s+/, "");
        const matches = commands.filter((c) => c.name === wanted || c.name.startsWith(`${wanted} `));
        if (matches.length === 0) return reply.error(`There is no command \`${topic}\`.`, "Type `help` to see the commands.", "usage");
        return reply.ok(`Help: ${wanted}`, [
          { kind: "heading", text: `golive ${wanted}` },
          ...matches.flatMap((c) => [
            { kind: "text" as const, text: `${c.summary}${c.shellOnly ? " (only in the local shell and CLI)" : ""}\nUsage: ${c.usage}` },
            { kind: "text" as const, text: `Examples:\n${c.examples.map((e) => `  ${e}`).join("\n")}` },
          ]),
        ]);
      }
      return reply.ok("golive commands", [
        { kind: "heading", text: "golive commands" },
        { kind: "text", text: commands.map((c) => `${c.usage}\n    ${c.summary}`).join("\n") },
        ...(ctx.origin?.via === "shell" ? [{ kind: "text" as const, text: "exit, quit\n    Leave the shell (or Ctrl-D; Ctrl-C twice)" }] : []),
        {
          kind: "text",
          text: "Launch commands take --launch <name> (default: the conversation's launch). Add --public to post the answer in the channel. `help <command>` shows examples.",
        },
      ]);
    },
  });
}
