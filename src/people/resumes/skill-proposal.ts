/** One extraction as the merge reads it (a ledger row). */
export interface ProposalSource {
  extractionId: string;
  fileName: string;
  status: 'queued' | 'succeeded' | 'failed';
  /** The skills the preview found, in the order they appear in the resume. */
  skills: string[] | null;
  error: string | null;
}

export interface ProposedSkill {
  /** The spelling most of the resumes use (the CRM's own when the contact has it). */
  name: string;
  /** How many of the resumes name it: the evidence, strongest first. */
  evidence: number;
  foundIn: { extractionId: string; fileName: string }[];
  /** The contact already has it in the CRM: not proposed again. */
  alreadyInCrm: boolean;
}

export interface SkillProposal {
  /** `pending` while an extraction is still queued: ask again (proposalUrl); `ready` once all finished. */
  status: 'pending' | 'ready';
  /** Whether `alreadyInCrm` was decided against the contact's skills in the CRM. */
  comparedWithContact: boolean;
  skills: ProposedSkill[];
  /** The skills to add: every merged skill the contact does not have yet, strongest evidence first. */
  proposed: string[];
  /** Merged skills the contact already has (its spelling). */
  alreadyPresent: string[];
  pending: string[];
  failed: { extractionId: string; fileName: string; error: string }[];
}

const key = (skill: string) => skill.trim().toLowerCase();

/**
 * One skill proposal from several resumes of a contact (sources newest first): the union of their
 * skills, deduplicated ignoring case, each with the resumes naming it; ordered by that evidence,
 * then by where the newest resume names it. `current` is the contact's skills in the CRM (null
 * when unknown): those are marked, never proposed again.
 */
export function mergeSkillProposal(sources: ProposalSource[], current: string[] | null): SkillProposal {
  const seen = new Set<string>();
  const unique = sources.filter((s) => !seen.has(s.extractionId) && seen.add(s.extractionId));
  type Merged = { spellings: Map<string, number>; foundIn: ProposedSkill['foundIn']; firstAt: number };
  const merged = new Map<string, Merged>();
  let order = 0;
  for (const source of unique) {
    if (source.status !== 'succeeded' || !source.skills) continue;
    const inThisResume = new Set<string>();
    for (const raw of source.skills) {
      const name = raw.trim();
      const k = key(name);
      if (!k || inThisResume.has(k)) continue;
      inThisResume.add(k);
      const entry: Merged = merged.get(k) ?? { spellings: new Map(), foundIn: [], firstAt: order++ };
      entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
      entry.foundIn.push({ extractionId: source.extractionId, fileName: source.fileName });
      merged.set(k, entry);
    }
  }
  const have = new Map((current ?? []).map((skill) => [key(skill), skill.trim()]));
  const skills: ProposedSkill[] = [...merged.entries()]
    .sort(([, a], [, b]) => b.foundIn.length - a.foundIn.length || a.firstAt - b.firstAt)
    .map(([k, entry]) => {
      // The most used spelling; on a tie the first met (the newest resume's).
      const spelling = [...entry.spellings.entries()].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
      return {
        name: have.get(k) ?? spelling,
        evidence: entry.foundIn.length,
        foundIn: entry.foundIn,
        alreadyInCrm: have.has(k),
      };
    });
  return {
    status: unique.some((s) => s.status === 'queued') ? 'pending' : 'ready',
    comparedWithContact: current !== null,
    skills,
    proposed: skills.filter((s) => !s.alreadyInCrm).map((s) => s.name),
    alreadyPresent: skills.filter((s) => s.alreadyInCrm).map((s) => s.name),
    pending: unique.filter((s) => s.status === 'queued').map((s) => s.extractionId),
    failed: unique
      .filter((s) => s.status === 'failed')
      .map((s) => ({ extractionId: s.extractionId, fileName: s.fileName, error: s.error ?? 'failed' })),
  };
}
