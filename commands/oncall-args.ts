import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import type { CommandContext, Token } from "./types.js";

export const rotationName = z
  .string({ error: "name the rotation, e.g. primary" })
  .transform((v) => v.toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "use 1–32 lowercase letters, digits and dashes, e.g. primary"));

/** `@a @b` tokens → principal ids; anything that is not a person is a clear error. */
export function peopleOf(ctx: CommandContext, tokens: Token[] | undefined, usage: string): string[] {
  if (!tokens || tokens.length === 0) throw new GoliveError("usage", "Name at least one person.", `Usage: ${usage}`);
  return tokens.map((t) => {
    const id = ctx.parseMention(t.value);
    if (!id) throw new GoliveError("usage", `"${t.value}" is not a person.`, `Mention them (e.g. @alice). Usage: ${usage}`);
    return id;
  });
}
