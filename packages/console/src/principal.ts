import { StaffRole } from "@sentinella/core";
import * as z from "zod";
import { ForbiddenError } from "./errors";

/** The signed-in person, as the identity provider's token says: roles per entity from its groups. */
export interface Principal {
  userId: string;
  name: string;
  /** entity id → roles there. */
  roles: ReadonlyMap<string, ReadonlySet<StaffRole>>;
  /** When the session ends (the token's expiry). */
  expiresAt: Date;
  /** The token's id (jti) or issue time: binds CSRF tokens to this session. */
  sessionId: string;
}

/**
 * Group names in the user pool (Cognito `cognito:groups`, the local issuer's the same): "<entity id>:<role>",
 * e.g. "comune-cento:moderator". A person in several entities has a group for each.
 */
export function groupName(entityId: string, role: StaffRole): string {
  return `${entityId}:${role}`;
}

export const TokenClaims = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  "cognito:username": z.string().optional(),
  "cognito:groups": z.array(z.string()).default([]),
  exp: z.number(),
  iat: z.number(),
  jti: z.string().optional(),
});

/** The principal a verified token describes; groups that are not "<entity>:<role>" are ignored. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = TokenClaims.parse(claims);
  const roles = new Map<string, Set<StaffRole>>();
  for (const group of parsed["cognito:groups"]) {
    const separator = group.lastIndexOf(":");
    const role = StaffRole.safeParse(group.slice(separator + 1));
    if (separator <= 0 || !role.success) continue;
    const entityId = group.slice(0, separator);
    roles.set(entityId, (roles.get(entityId) ?? new Set()).add(role.data));
  }
  return {
    userId: parsed.sub,
    name: parsed.email ?? parsed["cognito:username"] ?? parsed.sub,
    roles,
    expiresAt: new Date(parsed.exp * 1000),
    sessionId: parsed.jti ?? `${parsed.sub}@${parsed.iat}`,
  };
}

/**
 * read: see an entity's queue, items, history, ledger (every role);
 * act: hide, unhide, allow, confirm, reply, warn, propose a ban (moderators and admins);
 * approve_ban: approve or reject a ban proposal; replay: run a policy over stored items (admins);
 * export: download the audit exports (auditors and admins); subject: answer a citizen's access and erasure
 * requests (auditors only, the office that includes the DPO: not the people whose decisions the data records).
 * Auditors read and never act on the platforms.
 */
export type Permission = "read" | "act" | "approve_ban" | "replay" | "export" | "subject";

const rolesAllowed: Record<Permission, readonly StaffRole[]> = {
  read: ["moderator", "auditor", "admin"],
  act: ["moderator", "admin"],
  approve_ban: ["admin"],
  replay: ["admin"],
  export: ["auditor", "admin"],
  subject: ["auditor"],
};

export function can(principal: Principal, permission: Permission, entityId: string): boolean {
  const roles = principal.roles.get(entityId);
  return rolesAllowed[permission].some((role) => roles?.has(role));
}

/** The entities this person can see, in a stable order. */
export function readableEntities(principal: Principal): string[] {
  return [...principal.roles.keys()].filter((entityId) => can(principal, "read", entityId)).sort();
}

export function requirePermission(principal: Principal, permission: Permission, entityId: string): void {
  if (!can(principal, permission, entityId)) {
    throw new ForbiddenError(`${principal.name} may not ${permission} for ${entityId}`);
  }
}
