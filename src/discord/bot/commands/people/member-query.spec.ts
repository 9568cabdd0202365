import { UserFacingError } from '../../interactions/bot-reply';
import { isEmpty, memberQuery } from './member-query';

describe('memberQuery', () => {
  it('lower-cases words and skills, drops empty and repeated skills', () => {
    expect(memberQuery('  Ada   LOVELACE ', 'TypeScript, , go,typescript')).toEqual({
      words: ['ada', 'lovelace'],
      skills: ['typescript', 'go'],
    });
  });

  it('reads a mention or a bare user id as that linked person', () => {
    expect(memberQuery('<@!940000000000000002>', undefined)).toEqual({
      words: [],
      skills: [],
      discordUserId: '940000000000000002',
    });
    expect(memberQuery('940000000000000002', 'go').discordUserId).toBe('940000000000000002');
  });

  it('is empty when only blanks and commas were typed', () => {
    expect(isEmpty(memberQuery('   ', ' , '))).toBe(true);
    expect(isEmpty(memberQuery(undefined, undefined))).toBe(true);
  });

  it('refuses over-long input with the reason', () => {
    expect(() => memberQuery('x'.repeat(101), undefined)).toThrow(
      new UserFacingError('query is too long (101 characters; at most 100).'),
    );
    expect(() => memberQuery(undefined, 'a,b,c,d,e,f,g,h,i,j,k')).toThrow('At most 10 skills at once.');
    expect(() => memberQuery('a b c d e f g h i j k', undefined)).toThrow('At most 10 words in query.');
  });
});
