import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, MaxLength } from 'class-validator';

export class ResumeApplyBody {
  /** The extraction whose preview is applied. */
  @IsUUID()
  extractionId!: string;

  /** The preview's fields the person confirmed (e.g. `lastName`, `skills`); the others are left alone. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  fields!: string[];
}
