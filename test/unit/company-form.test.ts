/**
 * The Create Company rules (seed 002's grey/orange button runs on them, in the browser and on the server): every
 * field's presence and length, SIRET/SIREN with their check digit, French VAT keys, postal codes and phone
 * numbers per country, and the prefill from the provider's draft.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPANY_FIELDS,
  type CompanyInput,
  companyInputFrom,
  fillProblemMessage,
  frenchVatKey,
  luhnValid,
  SUPPORTED_COUNTRIES,
  validateCompany,
} from '../../shared/domain/company-form.js';

const valid: CompanyInput = {
  name: 'Atelier Durand',
  registrationNumber: '732 829 320 00074',
  vatNumber: 'FR 44 732829320',
  phone: '+33 1 23 45 67 89',
  line1: '12 rue de la Paix',
  line2: '',
  postalCode: '75002',
  city: 'Paris',
  country: 'FR',
};

function problemsOf(overrides: Partial<CompanyInput>) {
  const result = validateCompany({ ...valid, ...overrides });
  return result.ok ? {} : result.problems;
}

describe('validateCompany', () => {
  it('when every field is valid, then it answers the normalized company', () => {
    expect(validateCompany(valid)).toEqual({
      ok: true,
      company: {
        name: 'Atelier Durand',
        registrationNumber: '73282932000074',
        vatNumber: 'FR44732829320',
        phone: '+33123456789',
        address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    });
  });

  it('when required fields are missing or blank, then each is "required" and optional ones are not', () => {
    const result = validateCompany({ name: '   ', registrationNumber: '', vatNumber: '', phone: '' });
    expect(result).toEqual({
      ok: false,
      problems: { name: 'required', line1: 'required', postalCode: 'required', city: 'required', country: 'required' },
    });
  });

  it('when a value is shorter or longer than its field allows, then it is too-short or too-long', () => {
    const name = COMPANY_FIELDS.find((f) => f.name === 'name')!;
    expect(problemsOf({ name: 'A'.repeat(name.minLength! - 1) }).name).toBe('too-short');
    expect(problemsOf({ name: 'A'.repeat(name.minLength!) }).name).toBeUndefined();
    expect(problemsOf({ name: 'A'.repeat(name.maxLength) }).name).toBeUndefined();
    expect(problemsOf({ name: 'A'.repeat(name.maxLength + 1) }).name).toBe('too-long');
    expect(problemsOf({ city: 'C'.repeat(101) }).city).toBe('too-long');
    expect(problemsOf({ line2: 'x'.repeat(201) }).line2).toBe('too-long');
  });

  it('when a text holds a line break or a tab, then it is invalid-characters', () => {
    expect(problemsOf({ line1: '12 rue\nde la Paix' }).line1).toBe('invalid-characters');
    expect(problemsOf({ name: 'Atelier\tDurand' }).name).toBe('invalid-characters');
  });

  it('when the input is not strings (a hostile JSON body), then it is treated as empty', () => {
    const result = validateCompany({ ...valid, name: 42 as unknown as string });
    expect(result.ok ? undefined : result.problems.name).toBe('required');
  });
});

describe('registration number', () => {
  it('when a French SIRET passes the Luhn check, then it is accepted without its spaces', () => {
    expect(luhnValid('73282932000074')).toBe(true);
    expect(problemsOf({ registrationNumber: '73282932000074', vatNumber: '' })).toEqual({});
  });

  it('when one digit of a SIRET is wrong, then it is invalid-siret', () => {
    expect(luhnValid('73282932000075')).toBe(false);
    expect(problemsOf({ registrationNumber: '732 829 320 00075', vatNumber: '' }).registrationNumber).toBe(
      'invalid-siret',
    );
  });

  it('when a SIREN (9 digits) is given, then it is accepted if its check digit is right', () => {
    const ok = validateCompany({ ...valid, registrationNumber: '732 829 320' });
    expect(ok.ok && ok.company.registrationNumber).toBe('732829320');
    expect(problemsOf({ registrationNumber: '732829321', vatNumber: '' }).registrationNumber).toBe('invalid-siret');
  });

  it('when a French number has letters or a wrong length, then it is invalid-siret', () => {
    for (const bad of ['7328293200007', '732829320000740', 'ABC', '732-829-320']) {
      expect(problemsOf({ registrationNumber: bad, vatNumber: '' }).registrationNumber).toBe('invalid-siret');
    }
  });

  it("when it is one of La Poste's SIRETs, then their own sum rule (a multiple of 5) applies", () => {
    expect(luhnValid('35600000049837')).toBe(false);
    expect(problemsOf({ registrationNumber: '35600000049837', vatNumber: '' })).toEqual({});
    expect(problemsOf({ registrationNumber: '35600000049838', vatNumber: '' }).registrationNumber).toBe(
      'invalid-siret',
    );
  });

  it('when the country is not France, then the number is free text up to its maximum', () => {
    const be = { country: 'BE', postalCode: '1000', vatNumber: '', phone: '' };
    expect(problemsOf({ ...be, registrationNumber: 'BE 0123.456.789' })).toEqual({});
    expect(problemsOf({ ...be, registrationNumber: 'x'.repeat(51) }).registrationNumber).toBe('too-long');
  });
});

describe('VAT number', () => {
  it("when a French VAT number's key matches its SIREN, then it is accepted in upper case without spaces", () => {
    expect(frenchVatKey('732829320')).toBe('44');
    const result = validateCompany({ ...valid, vatNumber: 'fr44 732.829.320' });
    expect(result.ok && result.company.vatNumber).toBe('FR44732829320');
  });

  it('when the key does not match, or the SIREN part is not 9 digits, then it is invalid-vat', () => {
    expect(problemsOf({ vatNumber: 'FR45732829320' }).vatNumber).toBe('invalid-vat');
    expect(problemsOf({ vatNumber: 'FR4473282932' }).vatNumber).toBe('invalid-vat');
  });

  it('when the VAT number is valid but belongs to another SIREN than the SIRET, then it is vat-mismatch', () => {
    expect(problemsOf({ vatNumber: `FR${frenchVatKey('552100554')}552100554` }).vatNumber).toBe('vat-mismatch');
    expect(problemsOf({ registrationNumber: '', vatNumber: `FR${frenchVatKey('552100554')}552100554` })).toEqual({});
  });

  it("when the company is in another EU country, then the VAT number starts with that country's code", () => {
    const de = { country: 'DE', postalCode: '10115', registrationNumber: 'HRB 12345', phone: '' };
    expect(problemsOf({ ...de, vatNumber: 'DE123456789' })).toEqual({});
    expect(problemsOf({ ...de, vatNumber: 'BE0123456789' }).vatNumber).toBe('invalid-vat');
    expect(problemsOf({ ...de, vatNumber: 'DE1' }).vatNumber).toBe('invalid-vat');
    expect(problemsOf({ ...de, vatNumber: 'DE1234567890123' }).vatNumber).toBe('invalid-vat');
    expect(problemsOf({ ...valid, vatNumber: 'DE123456789' }).vatNumber).toBe('invalid-vat');
  });

  it('when the company is outside the EU, then any 2-letter prefix and 2 to 12 letters or digits are accepted', () => {
    const ch = { country: 'CH', postalCode: '1201', registrationNumber: '', phone: '' };
    expect(problemsOf({ ...ch, vatNumber: 'CHE-123.456.789' })).toEqual({});
    expect(problemsOf({ ...ch, vatNumber: '123456789' }).vatNumber).toBe('invalid-vat');
  });
});

describe('postal code', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['FR', '75008', '75008'],
    ['FR', '7500', undefined],
    ['FR', '750080', undefined],
    ['FR', 'AB123', undefined],
    ['MC', '98000', '98000'],
    ['MC', '75008', undefined],
    ['BE', '1000', '1000'],
    ['BE', '10000', undefined],
    ['CH', '1201', '1201'],
    ['LU', 'L-1009', '1009'],
    ['LU', '1009', '1009'],
    ['DE', '10115', '10115'],
    ['NL', '1012ab', '1012 AB'],
    ['NL', '1012', undefined],
    ['PT', '1000-001', '1000-001'],
    ['GB', 'sw1a1aa', 'SW1A 1AA'],
    ['CA', 'h2x 1y4', 'H2X 1Y4'],
    ['US', '10001', '10001'],
    ['US', '10001-1234', '10001-1234'],
    ['US', '1000', undefined],
  ];
  for (const [country, code, expected] of cases) {
    it(`when the country is ${country} and the code "${code}", then it is ${expected ? `accepted as "${expected}"` : 'invalid-postal-code'}`, () => {
      const result = validateCompany({
        ...valid,
        country,
        postalCode: code,
        registrationNumber: '',
        vatNumber: '',
        phone: '',
      });
      if (expected) expect(result.ok && result.company.address.postalCode).toBe(expected);
      else expect(result.ok ? undefined : result.problems.postalCode).toBe('invalid-postal-code');
    });
  }

  it('when the country changes, then the same postal code becomes valid or invalid', () => {
    expect(problemsOf({ postalCode: '1000' }).postalCode).toBe('invalid-postal-code');
    expect(problemsOf({ postalCode: '1000', country: 'BE', vatNumber: '', registrationNumber: '' })).toEqual({});
  });
});

describe('country', () => {
  it('when the country is supported (in any case), then it is upper case; when it is not, invalid-country', () => {
    expect(SUPPORTED_COUNTRIES).toEqual(
      expect.arrayContaining(['FR', 'BE', 'CH', 'LU', 'MC', 'DE', 'ES', 'IT', 'NL', 'PT', 'GB', 'CA', 'US']),
    );
    const lower = validateCompany({ ...valid, country: 'fr' });
    expect(lower.ok && lower.company.address.country).toBe('FR');
    expect(problemsOf({ country: 'SE' }).country).toBe('invalid-country');
    expect(problemsOf({ country: 'France' }).country).toBe('invalid-country');
  });
});

describe('phone', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['FR', '+33 1 23 45 67 89', '+33123456789'],
    ['FR', '+33.1.23.45.67.89', '+33123456789'],
    ['FR', '+33 (0)5 62 27 95 30', '+33562279530'],
    ['FR', '0033 6 12 34 56 78', '+33612345678'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['BE', '02 123 45 67', '+3221234567'],
    ['US', '+1 212 555 0100', '+12125550100'],
    ['US', '212 555 0100', undefined],
    ['FR', '+33 12', undefined],
    ['FR', '+0 123 456 789', undefined],
    ['FR', '+33 1234567890123456', undefined],
    ['FR', 'call me', undefined],
  ];
  for (const [country, phone, expected] of cases) {
    it(`when the phone is "${phone}" in ${country}, then it is ${expected ?? 'invalid-phone'}`, () => {
      const postalCode = { FR: '75002', BE: '1000', US: '10001' }[country]!;
      const result = validateCompany({ ...valid, country, postalCode, phone, registrationNumber: '', vatNumber: '' });
      if (expected) expect(result.ok && result.company.phone).toBe(expected);
      else expect(result.ok ? undefined : result.problems.phone).toBe('invalid-phone');
    });
  }
});

describe('COMPANY_FIELDS', () => {
  it('when a field has an HTML pattern, then it compiles in the browser flags and accepts every valid sample', () => {
    const samples: Record<string, string[]> = {
      vatNumber: ['FR 44 732829320', 'fr44732829320', 'DE123456789', 'CHE-123.456.789'],
      phone: ['+33 1 23 45 67 89', '+33 (0)5 62 27 95 30', '06.12.34.56.78', '0033 6 12 34 56 78'],
      postalCode: ['75008', 'L-1009', '1012 ab', 'SW1A 1AA', '1000-001', 'h2x 1y4', '10001-1234'],
    };
    for (const field of COMPANY_FIELDS.filter((f) => f.pattern)) {
      for (const flags of ['v', 'u']) {
        const pattern = new RegExp(`^(?:${field.pattern})$`, flags);
        for (const sample of samples[field.name] ?? [])
          expect(pattern.test(sample), `${field.name} ${sample}`).toBe(true);
      }
    }
  });

  it('when validation answers a problem, then it is one the field declares', () => {
    const inputs: Array<Partial<CompanyInput>> = [
      {},
      { name: 'x', registrationNumber: '1', vatNumber: 'FR00', phone: '1', postalCode: '1', country: 'SE' },
      { name: 'x'.repeat(300), registrationNumber: 'x'.repeat(60), vatNumber: 'x'.repeat(30), phone: '1'.repeat(30) },
      { vatNumber: `FR${frenchVatKey('552100554')}552100554`, line1: 'a\u0000b', line2: 'a\tb', city: 'c\nd' },
    ];
    for (const input of inputs) {
      const result = validateCompany({ ...valid, ...input });
      for (const [name, problem] of Object.entries(result.ok ? {} : result.problems)) {
        expect(COMPANY_FIELDS.find((f) => f.name === name)!.problems).toContain(problem);
      }
    }
  });

  it("when a message has slots, then they are filled with the field's limits and the country's example", () => {
    expect(fillProblemMessage('{min}–{max}', 'name', 'FR')).toBe('2–200');
    expect(fillProblemMessage('e.g. {example}', 'postalCode', 'NL')).toBe('e.g. 1012 AB');
  });
});

describe('companyInputFrom', () => {
  it('when the provider entered a company, then the form starts with its values', () => {
    expect(
      companyInputFrom({
        name: 'GFMS Client',
        registrationNumber: '73282932000074',
        phone: '+33123456789',
        address: { line1: '1 rue A', line2: 'Bât B', postalCode: '1000', city: 'Bruxelles', country: 'BE' },
      }),
    ).toEqual({
      name: 'GFMS Client',
      registrationNumber: '73282932000074',
      vatNumber: '',
      phone: '+33123456789',
      line1: '1 rue A',
      line2: 'Bât B',
      postalCode: '1000',
      city: 'Bruxelles',
      country: 'BE',
    });
  });

  it('when the provider entered no company or no address, then the fields are empty and the country is France', () => {
    const empty = companyInputFrom(undefined);
    expect(empty).toEqual({
      name: '',
      registrationNumber: '',
      vatNumber: '',
      phone: '',
      line1: '',
      line2: '',
      postalCode: '',
      city: '',
      country: 'FR',
    });
    expect(companyInputFrom({ name: 'X' }, 'BE').country).toBe('BE');
  });

  it("when the provider's draft was valid, then validating its prefill succeeds unchanged", () => {
    const draft = {
      name: 'Atelier Durand',
      registrationNumber: '73282932000074',
      vatNumber: 'FR44732829320',
      phone: '+33123456789',
      address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    };
    expect(validateCompany(companyInputFrom(draft))).toEqual({ ok: true, company: draft });
  });
});
