// How golive shows a person in incident and on-call messages. Every person shown there goes
// through personLabel, so a people directory (display names from Slack users.info or the
// Teams roster) plugs in here, in one place.

/** A principal id (Slack user id, Teams AAD id, shell user) as shown to people. */
export function personLabel(id: string): string {
  return `@${id.replace(/^@/, "")}`;
}

export const peopleLabel = (ids: readonly string[]) => (ids.length === 0 ? "nobody" : ids.map(personLabel).join(", "));
