import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { syncConnectors } from '../connectors/connector-registry';

const CONNECTOR_IDS = [...syncConnectors.keys()];

export class CreateSyncSourceDto {
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'slug must be lower-case letters, digits, - or _ (at most 63)' })
  slug!: string;

  @IsIn(CONNECTOR_IDS, { message: `connector must be one of: ${CONNECTOR_IDS.join(', ')}` })
  connector!: string;

  @IsObject()
  settings!: Record<string, unknown>;

  /** What the connector sends as its credential (the auth header's value); sealed, never shown again. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  secret?: string;

  @IsInt({ message: 'intervalSeconds must be a whole number of seconds' })
  intervalSeconds!: number;

  @IsOptional()
  @IsBoolean()
  paused?: boolean;
}

export class UpdateSyncSourceDto {
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  /** A new credential; null removes it. */
  @IsOptional()
  @ValidateIf((dto: UpdateSyncSourceDto) => dto.secret !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  secret?: string | null;

  @IsOptional()
  @IsInt({ message: 'intervalSeconds must be a whole number of seconds' })
  intervalSeconds?: number;

  @IsOptional()
  @IsBoolean()
  paused?: boolean;
}
