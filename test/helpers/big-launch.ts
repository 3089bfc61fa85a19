// A launch of any size for speed tests and benches: a generated checklist of `items` items in
// sections of 10 (every 7th critical), created through the shell, the first `done` attested.
import { commands } from "../../commands/index.js";
import type { Services } from "../../commands/types.js";
import { createShellSession } from "../../src/adapters/shell/shell.js";
import { checklistsRepo } from "../../src/storage/checklists-repo.js";
import type { Database, Queryable } from "../../src/storage/database.js";
import { eventsRepo } from "../../src/storage/events-repo.js";

export function generatedChecklist(items: number): string {
  const lines = [`# Generated go-live (${items} items)`, ""];
  for (let i = 0; i < items; i++) {
    if (i % 10 === 0) lines.push("", `## Section ${i / 10 + 1}`, "");
    lines.push(`- [ ] Generated task number ${i + 1} with a sentence of text${i % 7 === 0 ? " <!-- golive: critical -->" : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Imports checklist `gen<items>` and creates launch `name` from it; returns nothing the caller needs but the name. */
export async function createBigLaunch(services: Services, opts: { name: string; items: number; done: number; user?: string; date?: string }) {
  const id = `gen${opts.items}`;
  const at = services.clock.now();
  await checklistsRepo.upsert(services.db, { id, title: `Generated ${opts.items}`, source: generatedChecklist(opts.items), importedBy: "test", importedAt: at });
  const shell = createShellSession(commands, services, opts.user ?? "rita");
  const created = await shell.run(`launch create ${opts.name} --checklist ${id} --date ${opts.date ?? "2026-12-01"}`);
  if (!created.ok) throw new Error(`launch create failed: ${JSON.stringify(created.blocks)}`);
  if (opts.done > 0) await markDone(services.db, opts.name, opts.done, at);
}

/** Attests the first `count` items of a launch (one event says so, as a real change would). */
async function markDone(db: Database, name: string, count: number, at: Date) {
  await db.transaction(async (tx: Queryable) => {
    const [launch] = await tx.query<{ id: number }>("select id from launches where name = $1", [name]);
    await tx.query(
      "update items set state = 'done', done_kind = 'attested', updated_at = $3 where launch_id = $1 and position < $2",
      [launch!.id, count, at],
    );
    await eventsRepo.append(tx, { launchId: launch!.id, itemKey: null, kind: "test.bulk-done", actor: "test", surface: "shell", at, before: null, after: { count }, note: null });
  });
}

/** A Database that counts the statements sent through it (a transaction's begin and commit count too). */
export function countingDatabase(db: Database) {
  let count = 0;
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      count++;
      return q.query(sql, params);
    },
    exec: (sql) => {
      count++;
      return q.exec(sql);
    },
  });
  const counted: Database = {
    ...wrap(db),
    engine: db.engine,
    transaction: (fn) => {
      count += 2;
      return db.transaction((tx) => fn(wrap(tx)));
    },
    close: () => db.close(),
  };
  return {
    db: counted,
    /** Statements sent since the last call. */
    take() {
      const n = count;
      count = 0;
      return n;
    },
  };
}
