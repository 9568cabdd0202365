import type { CurrentContact } from '../../resumes/preview/contact-reader';
import { type ProposedChange, proposedChanges, type ResumePreview } from '../../resumes/preview/resume-preview';
import { APPLICABLE_FIELDS } from '../resumes/contact-values';

export interface PreviewPlan {
  /** What Apply writes: compared with the contact now, writable, and allowed by `overwrite`. */
  apply: ProposedChange[];
  /** Values the contact already has that the resume would replace (only with overwrite). */
  kept: ProposedChange[];
  /** Found in the resume, but no EspoCRM attribute is configured for them. */
  unwritable: ProposedChange[];
}

/**
 * What a resume preview posted in Discord proposes: the extraction's profile compared with the
 * contact as EspoCRM holds it now (an extraction answered from the ledger may be older than the
 * contact's last change). Without `overwrite`, values the contact already has are kept; lists only
 * ever gain items. Only fields the stored preview proposes can be applied (POST /jobs/resume-apply
 * applies those).
 */
export function planPreview(stored: ResumePreview, current: CurrentContact | null, overwrite: boolean): PreviewPlan {
  const fresh = current ? proposedChanges(stored.profile, current) : stored.changes;
  const plan: PreviewPlan = { apply: [], kept: [], unwritable: [] };
  for (const change of fresh) {
    if (!APPLICABLE_FIELDS.includes(change.field) || !stored.changes.some((c) => c.field === change.field)) {
      plan.unwritable.push(change);
    } else if (change.kind === 'change' && !overwrite) {
      plan.kept.push(change);
    } else {
      plan.apply.push(change);
    }
  }
  return plan;
}
