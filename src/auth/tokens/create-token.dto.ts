import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { type Scope, TOKEN_SCOPES } from './token-scopes';

export class CreateTokenDto {
  /** Says which token did something, in the audit trail: `discord-bot`, `ci deploys`. */
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @IsArray({ message: `scopes must be a list of: ${TOKEN_SCOPES.join(', ')}` })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayMaxSize(TOKEN_SCOPES.length)
  @IsIn(TOKEN_SCOPES, { each: true, message: `each of scopes must be one of: ${TOKEN_SCOPES.join(', ')}` })
  scopes!: Scope[];
}
