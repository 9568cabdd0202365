import type { FilesSettings } from '../../platform/config/files-config';
import type { AppliedField } from '../../people/resumes/resume-apply.service';
import { APPLICABLE_FIELDS } from '../../people/resumes/contact-values';
import type { ExtractionRow } from '../../resumes/ledger/resume-ledger';
import type { PreviewField, ResumePreview } from '../../resumes/preview/resume-preview';

const LABELS: Record<PreviewField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  emails: 'E-mail addresses',
  phone: 'Phone',
  linkedin: 'LinkedIn',
  github: 'GitHub',
  website: 'Website',
  socialLinks: 'Other links',
  location: 'Location',
  timezone: 'Time zone',
  seniority: 'Seniority',
  roles: 'Roles',
  skills: 'Skills',
};

const shown = (value: unknown): string | null =>
  Array.isArray(value) ? (value.length ? value.join(', ') : null) : typeof value === 'string' && value ? value : null;

/** What the person page's resume forms say about the limits (MAX_FILE_SIZE_MB, ALLOWED_FILE_TYPES). */
export const resumeLimits = (files: FilesSettings) => ({
  maxMb: files.maxFileBytes / 1024 / 1024,
  types: files.allowedTypes.map((type) => type.toUpperCase()).join(', '),
  accept: files.allowedTypes.map((type) => `.${type}`).join(','),
});

/**
 * One row per proposed change. Ticked by default only where the contact has no value yet: replacing
 * or adding to what the CRM already holds is the reviewer's decision. Fields with no EspoCRM
 * attribute (website, other links, location) are shown but cannot be applied.
 */
export function reviewRows(preview: ResumePreview, selected?: readonly string[]) {
  return preview.changes.map((change) => {
    const applicable = APPLICABLE_FIELDS.includes(change.field);
    const current = shown(change.current);
    return {
      field: change.field,
      label: LABELS[change.field] ?? change.field,
      kind: change.kind,
      current,
      proposed: shown(change.proposed),
      applicable,
      checked: applicable && (selected ? selected.includes(change.field) : current === null),
    };
  });
}

/** Which extractor answered, in words: the heuristics, the model, or the heuristics after the model failed. */
export function extractorText(preview: ResumePreview): string {
  if (preview.extractor === 'ai') return `the model ${preview.model ?? ''}`.trim();
  return preview.fallbackReason
    ? `the heuristics, because the model's answer was not used: ${preview.fallbackReason}`
    : 'the heuristics';
}

/** The review page's data for one ledger row, whatever its state. */
export function reviewData(row: ExtractionRow, selected?: readonly string[]) {
  const preview = row.status === 'succeeded' ? row.preview : null;
  return {
    extraction: {
      id: row.id,
      status: row.status,
      jobId: row.job_id,
      contactId: row.contact_id || null,
      fileName: row.file_name,
      fileType: row.file_type.toUpperCase(),
      fileSize: row.file_size,
      fileRemoved: row.object_key === '',
      error: row.error,
      requestedBy: row.requested_by,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    },
    preview,
    extractor: preview ? extractorText(preview) : null,
    rows: preview ? reviewRows(preview, selected) : [],
    applicable: preview ? reviewRows(preview).some((r) => r.applicable) : false,
  };
}

/** The apply result in words per field, and its counts. */
export function appliedData(fields: AppliedField[]) {
  const rows = fields.map((f) => ({
    field: f.field,
    label: LABELS[f.field] ?? f.field,
    status: f.status,
    before: shown(f.before),
    after: shown(f.after),
    error: f.error ?? null,
  }));
  const count = (status: AppliedField['status']) => rows.filter((r) => r.status === status).length;
  return { rows, changed: count('changed'), unchanged: count('unchanged'), failed: count('failed') };
}
