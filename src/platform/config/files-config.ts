import type { Environment } from './environment';

export const FILE_TYPES = ['pdf', 'docx', 'txt'] as const;
export type FileType = (typeof FILE_TYPES)[number];

export interface MinioSettings {
  /** Where Switchyard reaches MinIO/S3. */
  endpoint: string;
  /** What presigned links name, for people's browsers (defaults to endpoint). */
  publicEndpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

export interface FilesSettings {
  /** `disk`: DATA_DIR/objects (local and test runs); `minio`: the S3 API of MinIO or any S3. */
  backend: 'disk' | 'minio';
  minio?: MinioSettings;
  /** How long a download link (signed by Switchyard or presigned by S3) stays valid. */
  linkTtlSeconds: number;
  maxFileBytes: number;
  allowedTypes: FileType[];
}

export interface ResumeSettings {
  parseTimeoutSeconds: number;
  parseMemoryMb: number;
  /** Part of the ledger key: raising it makes every resume worth extracting again. */
  extractorVersion: string;
  /** For phone numbers written without a country code (ISO 3166 alpha-2, upper case). */
  defaultCountry?: string;
  /** Set: profiles come from an OpenAI-compatible model, the heuristics being the fallback. */
  ai?: { apiKey: string; baseUrl: string; model: string; timeoutSeconds: number };
  /** How many of a contact's resume attachments POST /process-contact/:id reads (newest first). */
  maxAttachmentsPerContact: number;
  /** Extra skill keywords (RESUME_KEYWORDS) looked for beside the built-in vocabulary, as written. */
  keywords: string[];
}

const MAX_KEYWORDS = 200;

/** RESUME_KEYWORDS: trimmed, empty entries dropped, duplicates (any case) once. */
export function resumeKeywords(value: string | undefined, problems: string[]): string[] {
  const keywords: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const keyword = raw.trim();
    if (keyword && !keywords.some((k) => k.toLowerCase() === keyword.toLowerCase())) keywords.push(keyword);
  }
  if (keywords.length > MAX_KEYWORDS) {
    problems.push(`RESUME_KEYWORDS has ${keywords.length} keywords; at most ${MAX_KEYWORDS}`);
  }
  return keywords.slice(0, MAX_KEYWORDS);
}

const csv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);

const isFileType = (value: string): value is FileType => (FILE_TYPES as readonly string[]).includes(value);

/** Object storage settings; MinIO is required outside local and test runs (as in the seed). */
export function readFilesConfig(env: Environment, problems: string[]): FilesSettings {
  const runtimeEnv = env.RUNTIME_ENV ?? 'local';
  const relaxed = runtimeEnv === 'local' || runtimeEnv === 'test';
  const backend = env.STORAGE_BACKEND ?? (relaxed ? 'disk' : 'minio');
  if (backend === 'disk' && !relaxed) {
    problems.push(
      `STORAGE_BACKEND=disk is for local and test runs only; with RUNTIME_ENV=${runtimeEnv} files go to MinIO/S3: ` +
        'set MINIO_ENDPOINT, MINIO_INTERNAL_BUCKET, MINIO_ROOT_USER and MINIO_ROOT_PASSWORD',
    );
  }
  let minio: MinioSettings | undefined;
  if (backend === 'minio') {
    if (!env.MINIO_ROOT_PASSWORD) {
      problems.push(
        `MINIO_ROOT_PASSWORD is required ${relaxed ? 'with STORAGE_BACKEND=minio' : `when RUNTIME_ENV is ${runtimeEnv}`} ` +
          '(files are kept in MinIO/S3: also check MINIO_ENDPOINT, MINIO_INTERNAL_BUCKET and MINIO_ROOT_USER)',
      );
    }
    const endpoint = (env.MINIO_ENDPOINT ?? 'http://minio:9000').replace(/\/+$/, '');
    minio = {
      endpoint,
      publicEndpoint: (env.MINIO_PUBLIC_ENDPOINT ?? endpoint).replace(/\/+$/, ''),
      bucket: env.MINIO_INTERNAL_BUCKET ?? 'internal-transfers',
      accessKey: env.MINIO_ROOT_USER ?? 'internal',
      secretKey: env.MINIO_ROOT_PASSWORD ?? '',
      region: env.MINIO_REGION ?? 'us-east-1',
    };
  }
  const types = csv(env.ALLOWED_FILE_TYPES ?? 'pdf,docx,txt');
  const unknown = types.filter((t) => !isFileType(t));
  if (unknown.length > 0) {
    problems.push(`ALLOWED_FILE_TYPES: unknown type ${unknown.join(', ')} (known: ${FILE_TYPES.join(', ')})`);
  }
  return {
    backend,
    minio,
    linkTtlSeconds: env.FILE_LINK_TTL_SECONDS ?? 900,
    maxFileBytes: (env.MAX_FILE_SIZE_MB ?? 10) * 1024 * 1024,
    allowedTypes: types.filter(isFileType),
  };
}

export function readResumeConfig(env: Environment, problems: string[] = []): ResumeSettings {
  return {
    maxAttachmentsPerContact: env.MAX_ATTACHMENTS_PER_CONTACT ?? 3,
    keywords: resumeKeywords(env.RESUME_KEYWORDS, problems),
    parseTimeoutSeconds: env.RESUME_PARSE_TIMEOUT_SECONDS ?? 20,
    parseMemoryMb: env.RESUME_PARSE_MEMORY_MB ?? 256,
    extractorVersion: env.RESUME_EXTRACTOR_VERSION ?? '1',
    defaultCountry: env.RESUME_DEFAULT_COUNTRY?.toUpperCase(),
    ai: env.OPENAI_API_KEY
      ? {
          apiKey: env.OPENAI_API_KEY,
          baseUrl: (env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').replace(/\/+$/, ''),
          model: env.RESUME_AI_MODEL ?? 'gpt-4o-mini',
          timeoutSeconds: env.RESUME_AI_TIMEOUT_SECONDS ?? 60,
        }
      : undefined,
  };
}
