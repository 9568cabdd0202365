import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { profileFromModel, PROFILE_SCHEMA } from '../ai/ai-profile';
import { ChatCompletionError, chatCompletion, ChatMessage } from '../ai/chat-completions';
import { parseNearJson } from '../ai/near-json';
import type { ExtractedText } from '../extraction/extracted-text';
import { heuristicProfile } from './heuristic-profile';
import type { ResumeProfile } from './resume-profile';
import { findKeywords, withSkills } from './skills';

export interface ProfileResult {
  profile: ResumeProfile;
  extractor: 'heuristic' | 'ai';
  model?: string;
  fallbackReason?: string;
}

/** The resume text sent to the model: enough for any CV, bounded for the token budget. */
const MAX_PROMPT_CHARS = 24_000;

const instructions = (strict: boolean): ChatMessage => ({
  role: 'system',
  content:
    'You extract a person profile from a resume for a CRM. Answer with one JSON object of this shape ' +
    `and nothing else:\n${PROFILE_SCHEMA}\nUse null or [] when the resume does not say. Never invent values.` +
    (strict
      ? '\nYour previous answer was not a valid JSON object. Answer with the JSON object only: no Markdown, ' +
        'no comments, no text before or after it, keep lists short.'
      : ''),
});

/**
 * A profile from extracted text. With OPENAI_API_KEY: the model's structured JSON (near-JSON repaired;
 * an invalid or cut-off answer asked once more, strictly), else, or when that fails too, the
 * heuristics, with the reason recorded on the result.
 */
@Injectable()
export class ProfileExtractor {
  private readonly logger = new Logger('ResumeProfile');

  constructor(private readonly config: AppConfig) {}

  /** The profile, its skills completed by the RESUME_KEYWORDS the text names (whichever extractor answered). */
  async extract(text: ExtractedText, signal?: AbortSignal): Promise<ProfileResult> {
    const result = await this.profileOf(text, signal);
    const keywords = findKeywords(text.text, this.config.resumes.keywords);
    if (keywords.length === 0) return result;
    return { ...result, profile: { ...result.profile, skills: withSkills(result.profile.skills, keywords) } };
  }

  private async profileOf(text: ExtractedText, signal?: AbortSignal): Promise<ProfileResult> {
    const { ai, defaultCountry } = this.config.resumes;
    const heuristic = (): ResumeProfile => heuristicProfile(text, { defaultCountry });
    if (!ai) return { profile: heuristic(), extractor: 'heuristic' };
    const problems: string[] = [];
    for (const strict of [false, true]) {
      const outcome = await this.ask(text, strict, signal);
      if ('profile' in outcome) return { profile: outcome.profile, extractor: 'ai', model: ai.model };
      problems.push(`${strict ? 'strict retry' : 'first answer'}: ${outcome.problem}`);
      if (outcome.final) break;
    }
    const fallbackReason = problems.join('; ');
    this.logger.warn(`Resume profile by heuristics, the model failed: ${fallbackReason}`);
    return { profile: heuristic(), extractor: 'heuristic', model: ai.model, fallbackReason };
  }

  /** One question; `final` when asking again cannot help (the model is unreachable or refuses us). */
  private async ask(
    text: ExtractedText,
    strict: boolean,
    signal?: AbortSignal,
  ): Promise<{ profile: ResumeProfile } | { problem: string; final: boolean }> {
    const ai = this.config.resumes.ai!;
    const links = text.links.length > 0 ? `\n\nLinks in the document:\n${text.links.join('\n')}` : '';
    let answer;
    try {
      answer = await chatCompletion({
        baseUrl: ai.baseUrl,
        apiKey: ai.apiKey,
        model: ai.model,
        timeoutMs: ai.timeoutSeconds * 1000,
        signal,
        messages: [instructions(strict), { role: 'user', content: text.text.slice(0, MAX_PROMPT_CHARS) + links }],
      });
    } catch (error) {
      if (error instanceof ChatCompletionError) return { problem: error.message, final: true };
      throw error;
    }
    if (answer.finishReason === 'length') {
      return { problem: 'the answer was cut off (finish_reason: length)', final: false };
    }
    const json = parseNearJson(answer.content);
    if (!json) return { problem: 'the answer was not a JSON object', final: false };
    const profile = profileFromModel(json);
    if (!profile) return { problem: 'the JSON object had no usable field', final: false };
    return { profile };
  }
}
