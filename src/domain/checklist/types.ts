// What a parsed checklist file looks like. The parser produces it; launches
// snapshot its items; `checklist lint --json` prints it.

export type Phase = "pre-launch" | "launch-day" | "post-launch";

export interface ChecklistItem {
  /** Display ref people type: `4.2`, `4.2.1`. */
  ref: string;
  /** Stable key: from the annotation's `key=` or derived from section path + text. */
  key: string;
  /** Plain text (markdown emphasis removed, inline code kept in backticks). */
  text: string;
  checked: boolean;
  critical: boolean;
  phase: Phase | null;
  /** 1-based line in the source file. */
  line: number;
  /** From annotations: `owner=@ops`, `due=T-7d` or `due=2026-12-01`, `audit=hsts,tls.valid`, `evidence=health`. */
  owner: string | null;
  due: string | null;
  /** Proving checks (`audit=`). */
  audit: string[];
  /** Supporting checks (`evidence=`): they never verify. */
  evidence: string[];
  items: ChecklistItem[];
}

export interface ChecklistSection {
  /** `4` for a section holding items; a container of numbered sections gets the range `1-12`. */
  ref: string;
  title: string;
  /** Heading depth 1..6. */
  depth: number;
  line: number;
  phase: Phase | null;
  items: ChecklistItem[];
  sections: ChecklistSection[];
}

export interface LintWarning {
  line: number;
  message: string;
}

export interface ParsedChecklist {
  title: string;
  itemCount: number;
  warnings: LintWarning[];
  sections: ChecklistSection[];
}
