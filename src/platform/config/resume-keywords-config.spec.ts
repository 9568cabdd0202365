import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe("a contact's resumes: MAX_ATTACHMENTS_PER_CONTACT and RESUME_KEYWORDS", () => {
  it('reads the defaults and the keywords trimmed, empty and repeated ones dropped, as written', () => {
    expect(loadConfig({}).resumes).toMatchObject({ maxAttachmentsPerContact: 3, keywords: [] });
    const config = loadConfig({
      MAX_ATTACHMENTS_PER_CONTACT: '5',
      RESUME_KEYWORDS: ' Terraform , ,elixir,Elixir,C++ ',
    });
    expect(config.resumes).toMatchObject({ maxAttachmentsPerContact: 5, keywords: ['Terraform', 'elixir', 'C++'] });
  });

  it('refuses values out of range with the variable named', () => {
    expect(problemsOf({ MAX_ATTACHMENTS_PER_CONTACT: '0' })).toEqual([
      expect.stringContaining('MAX_ATTACHMENTS_PER_CONTACT'),
    ]);
    expect(problemsOf({ MAX_ATTACHMENTS_PER_CONTACT: 'many' })).toEqual([
      expect.stringContaining('MAX_ATTACHMENTS_PER_CONTACT'),
    ]);
    expect(problemsOf({ RESUME_KEYWORDS: `Go,${'x'.repeat(61)}` })).toEqual([
      expect.stringContaining('RESUME_KEYWORDS must be a comma-separated list'),
    ]);
    const many = Array.from({ length: 201 }, (_, i) => `k${i}`).join(',');
    expect(problemsOf({ RESUME_KEYWORDS: many })).toEqual(['RESUME_KEYWORDS has 201 keywords; at most 200']);
  });
});
