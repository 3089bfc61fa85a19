// Which go-live phase a heading names ("Pre-Launch (1 week before)", "Launch Day", "Hypercare").
import type { Phase } from "./types.js";

const PHASE_PATTERNS: [Phase, RegExp][] = [
  ["pre-launch", /\bpre[-\s]?(?:launch|go[-\s]?live)\b|\bbefore (?:the )?(?:launch|go[-\s]?live)\b/i],
  ["post-launch", /\bpost[-\s]?(?:launch|go[-\s]?live)\b|\bafter (?:the )?(?:launch|go[-\s]?live)\b|\bhypercare\b/i],
  ["launch-day", /\b(?:launch|go[-\s]?live)[-\s]day\b|\bday of (?:the )?(?:launch|go[-\s]?live)\b/i],
];

export function phaseOfHeading(title: string): Phase | null {
  for (const [phase, pattern] of PHASE_PATTERNS) if (pattern.test(title)) return phase;
  return null;
}
