// How golive shows a person in incident and on-call messages. Every person shown there goes
// through personLabel, so a people directory (display names from Slack users.info or the
// Teams roster) plugs in here, in one place.

/** Display names by principal id (from peopleRepo.names). */
export type Names = ReadonlyMap<string, string>;

/** A principal id (Slack user id, Teams AAD id, shell user) as shown to people: the display name golive knows, else `@id`. */
export function personLabel(id: string, names?: Names): string {
  const bare = id.replace(/^@/, "");
  return names?.get(bare) ?? `@${bare}`;
}

export const peopleLabel = (ids: readonly string[], names?: Names) =>
  ids.length === 0 ? "nobody" : ids.map((id) => personLabel(id, names)).join(", ");
