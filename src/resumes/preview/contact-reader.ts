/**
 * A contact's current values, in the shape previews compare against. The people/CRM feature
 * provides the implementation (it maps its CRM's attributes to these names).
 */
export interface CurrentContact {
  firstName?: string | null;
  lastName?: string | null;
  emails?: string[];
  phone?: string | null;
  linkedin?: string | null;
  github?: string | null;
  website?: string | null;
  socialLinks?: string[];
  location?: string | null;
  timezone?: string | null;
  seniority?: string | null;
  roles?: string[];
  skills?: string[];
}

/** Reads a contact for a preview; null when there is no such contact. A failure (CRM down) throws. */
export interface ContactReader {
  read(contactId: string): Promise<CurrentContact | null>;
}
