import { findKeywords, withSkills } from './skills';

describe('RESUME_KEYWORDS in a resume', () => {
  it('finds whole words in any case, keeps the keyword as written, ignores parts of words', () => {
    const text = 'Built BERNOULLI numbers tables on analytical engines.\nPunchcards and C++ daily.';
    expect(findKeywords(text, ['Bernoulli numbers', 'Analytical Engines', 'punch cards', 'C++', 'Engine'])).toEqual([
      'Bernoulli numbers',
      'Analytical Engines',
      'C++',
    ]);
  });

  it('adds found keywords to the skills once, whatever their case', () => {
    expect(withSkills(['TypeScript', 'Rust'], ['rust', 'Terraform'])).toEqual(['TypeScript', 'Rust', 'Terraform']);
  });
});
