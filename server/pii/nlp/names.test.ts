import { describe, expect, it } from 'vitest';
import { found, foundOf } from './test-support/find.js';

describe('PERSON', () => {
  it('finds a given and family name from the gazetteers', () => {
    expect(foundOf('PERSON', 'Please forward the results to John Smith today.')).toEqual(['John Smith']);
  });

  it('finds a name no list holds after an honorific, and labels the honorific TITLE', () => {
    expect(found('Seen by Dr. Xandrel Quorvath this morning.')).toEqual([
      'TITLE:Dr.',
      'PERSON:Xandrel Quorvath',
    ]);
    expect(found('Sehr geehrte Prof. Dr. Quorvath,')).toEqual(['TITLE:Prof. Dr.', 'PERSON:Quorvath']);
  });

  it('finds an unknown name after a person context word', () => {
    expect(foundOf('PERSON', 'Patient: Xandrel Quorvath, admitted overnight.')).toEqual(['Xandrel Quorvath']);
  });

  it('finds initials, particles, hyphens and the surname-first layout', () => {
    expect(foundOf('PERSON', 'Letter from J. Smith about the claim.')).toEqual(['J. Smith']);
    expect(foundOf('PERSON', 'Transfer approved for Anna van der Berg.')).toEqual(['Anna van der Berg']);
    expect(foundOf('PERSON', 'Name: SMITH, John\nDOB: unknown')).toEqual(['SMITH, John']);
    expect(foundOf('PERSON', 'Signed by Jean-Pierre Martin.')).toEqual(['Jean-Pierre Martin']);
  });

  it('finds a lower-case full name typed in chat', () => {
    expect(foundOf('PERSON', 'can you check whether john smith paid')).toEqual(['john smith']);
  });

  it('does not take everyday words at a sentence start for names', () => {
    expect(found('Will the bill be paid by Friday? May I change my PIN?')).toEqual([]);
    expect(found('Mark the form as urgent. Grace period ends soon. Hope it helps.')).toEqual([]);
  });

  it('does not take drug names, acronyms or headings for names', () => {
    expect(found('Metformin 500 mg twice daily; Lisinopril stopped.')).toEqual([]);
    expect(found('DISCHARGE SUMMARY\nICU stay uneventful, NHS follow-up.')).toEqual([]);
  });

  it('does not find names inside e-mail addresses or codes', () => {
    expect(found('Write to john.smith@example.com or Jane_Doe@example.org')).toEqual([]);
    expect(found('IBAN DE89370400440532013000 received')).toEqual([]);
  });
});

describe('ORGANIZATION', () => {
  it('finds names ending or starting with an organisation word', () => {
    expect(foundOf('ORGANIZATION', "Referred to St Mary's Hospital for review.")).toEqual([
      "St Mary's Hospital",
    ]);
    expect(foundOf('ORGANIZATION', 'Account held at the Bank of Scotland since May.')).toEqual([
      'Bank of Scotland',
    ]);
    expect(foundOf('ORGANIZATION', 'Kundin der Sparkasse Köln seit Jahren.')).toEqual(['Sparkasse Köln']);
    expect(foundOf('ORGANIZATION', 'Invoice from Acme Widgets Ltd. attached.')).toEqual([
      'Acme Widgets Ltd.',
    ]);
  });

  it('finds partnerships but not lists of given names', () => {
    expect(foundOf('ORGANIZATION', 'Wire to Fisher, Cruickshank and Schmitt failed.')).toEqual([
      'Fisher, Cruickshank and Schmitt',
    ]);
    expect(foundOf('ORGANIZATION', 'Statement for Walsh & Co attached.')).toEqual(['Walsh & Co']);
    expect(foundOf('ORGANIZATION', 'Invited: Anna, Maria and Sophie.')).toEqual([]);
  });

  it('does not make an organisation of a lone organisation word', () => {
    expect(foundOf('ORGANIZATION', 'Hospital food was fine. The Bank closed early.')).toEqual([]);
  });
});

describe('LOCATION', () => {
  it('finds countries, regions and listed cities', () => {
    expect(foundOf('LOCATION', 'She moved from Nigeria to New York last year.')).toEqual([
      'Nigeria',
      'New York',
    ]);
  });

  it('finds an unknown place after a place context word or a place prefix', () => {
    expect(foundOf('LOCATION', 'He was born in Quorvathburg.')).toEqual(['Quorvathburg']);
    expect(foundOf('LOCATION', 'Follow-up in Port Xandrel next week.')).toEqual(['Port Xandrel']);
    expect(foundOf('LOCATION', 'Wohnort: Quorvathdorf')).toEqual(['Quorvathdorf']);
  });

  it('does not take a capitalised common word after "in" for a place', () => {
    expect(foundOf('LOCATION', 'Results are in Pending status.')).toEqual([]);
  });
});

describe('TITLE', () => {
  it('finds job titles alone and before a name', () => {
    expect(found('Reviewed by Charge Nurse Mary Jones.')).toEqual([
      'TITLE:Charge Nurse',
      'PERSON:Mary Jones',
    ]);
    expect(foundOf('TITLE', 'Kind regards, Jane Doe, Senior Data Officer')).toEqual(['Senior Data Officer']);
    expect(foundOf('TITLE', 'Mit freundlichen Grüßen\nLuca Weber, Filialleiter')).toEqual(['Filialleiter']);
  });

  it('does not take a job word at a sentence start for a title', () => {
    expect(foundOf('TITLE', 'Nurse reported no change.')).toEqual([]);
  });
});

describe('NRP', () => {
  it('finds nationalities, religions and political groups', () => {
    expect(foundOf('NRP', 'A British man, a practising Catholic, votes Green Party.')).toEqual([
      'British',
      'Catholic',
      'Green Party',
    ]);
    expect(foundOf('NRP', "She is a Jehovah's Witness; Religion: katholisch.")).toEqual([
      "Jehovah's Witness",
      'katholisch',
    ]);
  });

  it('does not take a language or a common adjective for a group', () => {
    expect(foundOf('NRP', 'He speaks French. Conservative treatment was chosen.')).toEqual([]);
  });
});
