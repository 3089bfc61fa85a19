// Checks a Block Kit payload against Slack's documented limits and throws one
// error listing every broken limit. Written from Slack's Block Kit reference,
// independently of src/render/blockkit.ts, so it can catch the renderer out.
// Lengths are UTF-16 code units (String#length): never less than Slack counts.

import type { View } from "@slack/types";

type Kind = "message" | "home" | "modal";

const BLOCK_LIMIT: Record<Kind, number> = { message: 50, home: 100, modal: 100 };
const KNOWN_BLOCKS = new Set(["section", "header", "actions", "context", "divider", "input"]);

type Json = Record<string, unknown>;

class Checker {
  readonly problems: string[] = [];
  private readonly actionIds = new Map<string, string>();
  private readonly blockIds = new Map<string, string>();

  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  length(path: string, value: unknown, max: number, what: string, min = 1): void {
    if (typeof value !== "string") {
      this.fail(path, `${what} must be a string, got ${typeof value}`);
      return;
    }
    if (value.length < min) this.fail(path, `${what} is ${value.length} chars, needs at least ${min}`);
    if (value.length > max) this.fail(path, `${what} is ${value.length} chars, max ${max}`);
  }

  count(path: string, value: unknown, min: number, max: number, what: string): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, `${what} must be an array`);
      return [];
    }
    if (value.length < min || value.length > max) {
      this.fail(path, `${what} has ${value.length} entries, allowed ${min}..${max}`);
    }
    return value;
  }

  textObject(path: string, value: unknown, max: number, what: string, plainOnly = false): void {
    const text = value as Json | undefined;
    if (typeof text !== "object" || text === null) {
      this.fail(path, `${what} must be a text object`);
      return;
    }
    const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (!allowed.includes(String(text.type))) this.fail(`${path}.type`, `${what} must be ${allowed.join(" or ")}`);
    this.length(`${path}.text`, text.text, max, what);
    if (typeof text.text === "string" && text.text.trim() === "") this.fail(`${path}.text`, `${what} is blank`);
  }

  actionId(path: string, value: unknown): void {
    if (value === undefined) return;
    this.length(path, value, 255, "action_id");
    const id = String(value);
    const seen = this.actionIds.get(id);
    if (seen) this.fail(path, `action_id "${id}" is not unique (also at ${seen})`);
    else this.actionIds.set(id, path);
  }

  blockId(path: string, value: unknown): void {
    if (value === undefined) return;
    this.length(path, value, 255, "block_id");
    const id = String(value);
    const seen = this.blockIds.get(id);
    if (seen) this.fail(path, `block_id "${id}" is not unique (also at ${seen})`);
    else this.blockIds.set(id, path);
  }

  element(path: string, value: unknown): void {
    const element = value as Json;
    switch (element.type) {
      case "button":
        this.textObject(`${path}.text`, element.text, 75, "button text", true);
        if (element.value !== undefined) this.length(`${path}.value`, element.value, 2000, "button value");
        if (element.url !== undefined) this.length(`${path}.url`, element.url, 3000, "button url");
        if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
          this.fail(`${path}.style`, `button style must be primary or danger, got ${String(element.style)}`);
        }
        this.actionId(`${path}.action_id`, element.action_id);
        return;
      case "overflow": {
        this.actionId(`${path}.action_id`, element.action_id);
        const options = this.count(`${path}.options`, element.options, 2, 5, "overflow options");
        options.forEach((option, i) => {
          const o = option as Json;
          this.textObject(`${path}.options[${i}].text`, o.text, 75, "option text", true);
          this.length(`${path}.options[${i}].value`, o.value, 150, "option value");
        });
        return;
      }
      case "plain_text_input":
        this.actionId(`${path}.action_id`, element.action_id);
        if (element.placeholder !== undefined) {
          this.textObject(`${path}.placeholder`, element.placeholder, 150, "input placeholder", true);
        }
        if (typeof element.max_length === "number" && element.max_length > 3000) {
          this.fail(`${path}.max_length`, `plain_text_input max_length is ${element.max_length}, max 3000`);
        }
        return;
      case "users_select":
        this.actionId(`${path}.action_id`, element.action_id);
        if (element.placeholder !== undefined) {
          this.textObject(`${path}.placeholder`, element.placeholder, 150, "select placeholder", true);
        }
        return;
      default:
        this.fail(path, `unexpected element type ${String(element.type)}`);
    }
  }

  block(path: string, value: unknown): void {
    const block = value as Json;
    this.blockId(`${path}.block_id`, block.block_id);
    if (!KNOWN_BLOCKS.has(String(block.type))) {
      this.fail(path, `unexpected block type ${String(block.type)}`);
      return;
    }
    switch (block.type) {
      case "section": {
        if (block.text === undefined && block.fields === undefined) this.fail(path, "section needs text or fields");
        if (block.text !== undefined) this.textObject(`${path}.text`, block.text, 3000, "section text");
        if (block.fields !== undefined) {
          const fields = this.count(`${path}.fields`, block.fields, 1, 10, "section fields");
          fields.forEach((field, i) => {
            this.textObject(`${path}.fields[${i}]`, field, 2000, "field text");
          });
        }
        if (block.accessory !== undefined) this.element(`${path}.accessory`, block.accessory);
        return;
      }
      case "header":
        this.textObject(`${path}.text`, block.text, 150, "header text", true);
        return;
      case "actions": {
        const elements = this.count(`${path}.elements`, block.elements, 1, 25, "actions elements");
        elements.forEach((element, i) => {
          this.element(`${path}.elements[${i}]`, element);
        });
        return;
      }
      case "context": {
        const elements = this.count(`${path}.elements`, block.elements, 1, 10, "context elements");
        elements.forEach((element, i) => {
          this.textObject(`${path}.elements[${i}]`, element, 3000, "context text");
        });
        return;
      }
      case "input":
        this.textObject(`${path}.label`, block.label, 2000, "input label", true);
        this.element(`${path}.element`, block.element);
        return;
      default:
        return;
    }
  }
}

export function assertSlackLimits(input: { text?: string; blocks: unknown[] } | View, kind: Kind): void {
  const payload = input as Json;
  const checker = new Checker();
  const blocks = checker.count("blocks", payload.blocks, 1, BLOCK_LIMIT[kind], "blocks");
  blocks.forEach((block, i) => {
    checker.block(`blocks[${i}]`, block);
  });
  if (kind === "message") {
    if (typeof payload.text !== "string" || payload.text.trim() === "") {
      checker.fail("text", "fallback text must be present and non-empty");
    } else {
      checker.length("text", payload.text, 3000, "fallback text");
    }
  } else {
    if (payload.type !== kind) checker.fail("type", `view type must be ${kind}, got ${String(payload.type)}`);
    if (payload.private_metadata !== undefined) {
      checker.length("private_metadata", payload.private_metadata, 3000, "private_metadata", 0);
    }
    if (payload.callback_id !== undefined) checker.length("callback_id", payload.callback_id, 255, "callback_id");
  }
  if (kind === "modal") {
    checker.textObject("title", payload.title, 24, "modal title", true);
    if (payload.submit !== undefined) checker.textObject("submit", payload.submit, 24, "modal submit", true);
    if (payload.close !== undefined) checker.textObject("close", payload.close, 24, "modal close", true);
    const hasInput = blocks.some((block) => (block as Json).type === "input");
    if (hasInput && payload.submit === undefined) checker.fail("submit", "a modal with input blocks needs submit");
  }
  if (checker.problems.length > 0) {
    throw new Error(`Slack ${kind} payload breaks ${checker.problems.length} limit(s):\n  ${checker.problems.join("\n  ")}`);
  }
}
