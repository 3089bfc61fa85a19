import type { Role } from "../domain/launches/types.js";
import type { Queryable } from "./database.js";

export interface RoleGrant {
  principal: string;
  role: Role;
  grantedBy: string;
  grantedAt: Date;
}

export const rolesRepo = {
  async get(db: Queryable, launchId: number, principal: string): Promise<Role | null> {
    const [row] = await db.query<{ role: Role }>("select role from roles where launch_id = $1 and principal = $2", [launchId, principal]);
    return row?.role ?? null;
  },
  async set(db: Queryable, launchId: number, grant: RoleGrant) {
    await db.query(
      `insert into roles (launch_id, principal, role, granted_by, granted_at) values ($1, $2, $3, $4, $5)
       on conflict (launch_id, principal) do update set role = excluded.role, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
      [launchId, grant.principal, grant.role, grant.grantedBy, grant.grantedAt],
    );
  },
  async remove(db: Queryable, launchId: number, principal: string) {
    await db.query("delete from roles where launch_id = $1 and principal = $2", [launchId, principal]);
  },
  async list(db: Queryable, launchId: number): Promise<RoleGrant[]> {
    const rows = await db.query(
      `select principal, role, granted_by, granted_at from roles where launch_id = $1
       order by case role when 'release-manager' then 0 when 'member' then 1 else 2 end, principal`,
      [launchId],
    );
    return rows.map((r) => ({
      principal: r.principal as string,
      role: r.role as Role,
      grantedBy: r.granted_by as string,
      grantedAt: r.granted_at as Date,
    }));
  },
};
