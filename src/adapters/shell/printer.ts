import { clearScreenDown, cursorTo, type Interface } from "node:readline";

/**
 * Output that arrives while someone may be typing (posts, warnings): printed above the
 * prompt, which is then drawn again with what was typed so far.
 */
export interface ShellPrinter {
  print(text: string): void;
  /** The readline interface showing the prompt, and whether it waits for input now. */
  attach(rl: Interface | undefined): void;
  setPrompting(waiting: boolean): void;
}

export function createShellPrinter(output: NodeJS.WritableStream): ShellPrinter {
  let rl: Interface | undefined;
  let prompting = false;
  return {
    print(text) {
      if (!rl || !prompting) {
        output.write(`${text}\n`);
        return;
      }
      cursorTo(output, 0);
      clearScreenDown(output);
      output.write(`${text}\n`);
      rl.prompt(true);
    },
    attach(next) {
      rl = next;
    },
    setPrompting(waiting) {
      prompting = waiting;
    },
  };
}
