import { IsOptional, Matches } from 'class-validator';

export class ResumeExtractBody {
  /** The CRM contact the resume belongs to; the preview compares with its current values. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'contactId must be a CRM record id (letters, digits, _ or -)' })
  contactId?: string;

  /** Instead of a file upload (with a JSON body): the CRM attachment to extract. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'attachmentId must be a CRM attachment id (letters, digits, _ or -)' })
  attachmentId?: string;
}
