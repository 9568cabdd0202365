import { mergeSkillProposal, ProposalSource } from './skill-proposal';

const done = (extractionId: string, skills: string[]): ProposalSource => ({
  extractionId,
  fileName: `${extractionId}.pdf`,
  status: 'succeeded',
  skills,
  error: null,
});

describe('mergeSkillProposal', () => {
  it('unions the resumes’ skills ignoring case, strongest evidence first, CRM skills marked and not proposed', () => {
    const proposal = mergeSkillProposal(
      [
        done('newest', ['Rust', 'typescript', 'Docker', 'RUST']),
        done('middle', ['TypeScript', 'Go', 'docker']),
        done('oldest', ['TypeScript', 'Kafka']),
      ],
      ['DOCKER', 'Figma'],
    );
    expect(proposal.skills.map((s) => [s.name, s.evidence, s.alreadyInCrm])).toEqual([
      ['TypeScript', 3, false],
      ['DOCKER', 2, true],
      ['Rust', 1, false],
      ['Go', 1, false],
      ['Kafka', 1, false],
    ]);
    expect(proposal.proposed).toEqual(['TypeScript', 'Rust', 'Go', 'Kafka']);
    expect(proposal.alreadyPresent).toEqual(['DOCKER']);
    expect(proposal.skills[0]!.foundIn.map((f) => f.extractionId)).toEqual(['newest', 'middle', 'oldest']);
    expect(proposal).toMatchObject({ status: 'ready', comparedWithContact: true, pending: [], failed: [] });
  });

  it('is pending while an extraction is queued; failed ones are listed; the same extraction counts once', () => {
    const proposal = mergeSkillProposal(
      [
        done('a', ['Go']),
        done('a', ['Go']),
        { extractionId: 'b', fileName: 'b.pdf', status: 'queued', skills: null, error: null },
        { extractionId: 'c', fileName: 'c.png', status: 'failed', skills: null, error: 'not a PDF' },
      ],
      null,
    );
    expect(proposal).toMatchObject({
      status: 'pending',
      comparedWithContact: false,
      proposed: ['Go'],
      pending: ['b'],
      failed: [{ extractionId: 'c', fileName: 'c.png', error: 'not a PDF' }],
    });
    expect(proposal.skills[0]!.evidence).toBe(1);
  });
});
