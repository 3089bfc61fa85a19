import { z } from "zod";
import { DEFAULT_ROLE } from "../src/domain/launches/roles.js";
import { reply } from "../src/render/reply.js";
import { rolesRepo } from "../src/storage/roles-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "role list",
  scope: "launch",
  role: "viewer",
  summary: "Who has which role on the launch",
  usage: "role list",
  examples: ["role list"],
  args: z.object({}),
  async run(_args, { launch, services }) {
    const grants = await rolesRepo.list(services.db, launch.id);
    return reply.ok(`Roles on ${launch.name}`, [
      { kind: "heading", text: `Roles on ${launch.name}` },
      { kind: "text", text: grants.map((g) => `${g.principal}  ${g.role}  (granted by ${g.grantedBy})`).join("\n") },
      { kind: "text", text: `Everyone else is a ${DEFAULT_ROLE}: they can read, not change.` },
    ]);
  },
});
