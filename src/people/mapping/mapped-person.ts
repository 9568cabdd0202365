export interface PersonSkill {
  name: string;
  /** 1 (some) to 5 (expert), when the CRM says. */
  strength: number | null;
}

export interface PersonResume {
  id: string;
  name: string | null;
  type: string | null;
}

/** An EspoCRM contact as Switchyard keeps it; everything here feeds the record hash. */
export interface MappedPerson {
  crmId: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  primaryEmail: string | null;
  otherEmails: string[];
  phone: string | null;
  discordUserId: string | null;
  discordUsername: string | null;
  githubUsername: string | null;
  linkedin: string | null;
  roles: string[];
  seniority: string | null;
  skills: PersonSkill[];
  timezone: string | null;
  location: string | null;
  /** ISO 8601. */
  memberAgreementSignedAt: string | null;
  /** ISO 8601: when an admin checked the person's identity (CRM_ID_VERIFIED_FIELD). */
  idVerifiedAt: string | null;
  resumes: PersonResume[];
  latestResume: PersonResume | null;
  /** ISO 8601; not part of the hash (a change EspoCRM made to fields we do not keep is no change). */
  crmCreatedAt: string | null;
  crmModifiedAt: string | null;
}
