export const SESSION_METHODS = ['oidc', 'discord', 'bootstrap'] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

/** A signed-in person, as kept server-side. The browser holds only an opaque token for it. */
export interface Session {
  id: string;
  method: SessionMethod;
  /** OIDC subject, Discord user id, or `bootstrap`. */
  subject: string;
  name: string | null;
  email: string | null;
  groups: string[];
  isAdmin: boolean;
  createdAt: Date;
  expiresAt: Date;
}

export type NewSession = Pick<Session, 'method' | 'subject' | 'name' | 'email' | 'groups' | 'isAdmin'>;
