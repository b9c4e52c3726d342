import { describe, expect, it } from 'vitest';
import { checkPassword, passwordAcceptable, passwordClasses } from '../../shared/domain/password-rules.js';

const owner = { email: 'claire.dupont@example.com', firstName: 'Claire', lastName: 'Dupont' };

describe('the password rule', () => {
  it('when the password is long enough, mixed and nobody’s words, then every criterion is met', () => {
    expect(checkPassword('Tramway-Vert-42', owner)).toEqual({
      met: ['length', 'characters', 'classes', 'not-common', 'not-personal'],
      unmet: [],
    });
  });

  it('when it is shorter than 8 or longer than 256 characters, then the length is unmet', () => {
    expect(checkPassword('Ab1!xyz', owner).unmet).toContain('length');
    expect(checkPassword(`Ab1!${'x'.repeat(253)}`, owner).unmet).toContain('length');
    expect(checkPassword(`Ab1!${'x'.repeat(252)}`, owner).unmet).not.toContain('length');
  });

  it('when it holds an accented letter or another character outside ASCII, then the characters are unmet, as Entra refuses them', () => {
    // QA: « Élégant-Passé-2027 » met every rule shown, then Entra refused it.
    expect(checkPassword('Élégant-Passé-2027', owner).unmet).toEqual(['characters']);
    for (const odd of ['Tramway-Vert-42\u00a0', 'Tramway-Vert-42🚋', 'Straße-Grün-42', 'Tramway\tVert42']) {
      expect(checkPassword(odd, owner).unmet, JSON.stringify(odd)).toContain('characters');
    }
    // ASCII symbols and the space are accepted.
    expect(checkPassword('Tramway Vert ~42 {|}', owner).unmet).toEqual([]);
    expect(passwordAcceptable('Élégant-Passé-2027', owner)).toBe(false);
  });

  it('when it has fewer than 3 of the 4 classes, then the classes are unmet (accented letters count as letters)', () => {
    expect(passwordClasses('tramwayvert')).toBe(1);
    expect(checkPassword('tramwayvert42', owner).unmet).toEqual(['classes']);
    expect(checkPassword('Tramwayvert42', owner).unmet).toEqual([]);
    expect(passwordClasses('Éléphant9')).toBe(3);
  });

  it('when it is a common password, or one with digits and symbols around it, then it is refused as common', () => {
    for (const common of ['Password1!', 'Azerty123!', 'Motdepasse2024', '!!Soleil99', 'Été2024!', '12345678!a']) {
      expect(checkPassword(common, owner).unmet, common).toContain('not-common');
    }
    expect(checkPassword('Aaaaaaaa1', owner).unmet).toContain('not-common');
  });

  it('when it contains the email’s local part or the client’s names, then it is refused as personal', () => {
    expect(checkPassword('Dupont#2024x', owner).unmet).toContain('not-personal');
    expect(checkPassword('xx-CLAIRE-99', owner).unmet).toContain('not-personal');
    expect(checkPassword('Dupônt!77aa', owner).unmet).toContain('not-personal');
    expect(checkPassword('Dupont#2024x', {}).unmet).not.toContain('not-personal');
    expect(passwordAcceptable('Dupont#2024x', {})).toBe(true);
    expect(passwordAcceptable('Dupont#2024x', owner)).toBe(false);
  });

  it('when the email’s local part and the names are different words, then each is refused on its own', () => {
    const nicknamed = { email: 'lapinbleu@example.com', firstName: 'Océane', lastName: 'Marchal' };
    expect(checkPassword('Lapinbleu#77', nicknamed).unmet).toEqual(['not-personal']);
    expect(checkPassword('xx-Oceane-99', nicknamed).unmet).toEqual(['not-personal']);
    expect(checkPassword('Marchal!2024z', nicknamed).unmet).toEqual(['not-personal']);
    expect(checkPassword('Tramway-Vert-42', nicknamed).unmet).toEqual([]);
  });
});
