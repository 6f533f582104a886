/**
 * Personal data out of passengers' comments before they are printed: e-mail addresses, phone
 * numbers, plate numbers and names introduced by a title or a role ("le chauffeur Marc",
 * "Mme Dupont", "my name is Ann"). The renderers always apply it, whatever the builder did; it is
 * idempotent. Names that nothing introduces cannot be told from ordinary words: the builder's
 * selection of comments is the other half of the safeguard.
 */

export const REDACTED = '[…]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// French numbers (0X XX XX XX XX, +33 X XX …, 0033…), with spaces, dots or dashes; any long digit run.
const PHONE = /(?:(?:\+|00)\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d{2}){4}|\b0\d(?:[\s.-]?\d{2}){4}\b|\b\d{9,}\b)/g;
// SIV plates (AB-123-CD, AB 123 CD, AB123CD) and the older FNI ones (123 ABC 34, 1234 AB 34).
const PLATE = /\b[A-HJ-NP-TV-Z]{2}[\s-]?\d{3}[\s-]?[A-HJ-NP-TV-Z]{2}\b|\b\d{1,4}[\s-]?[A-Z]{1,3}[\s-]?(?:\d{2}|2[AB])\b/g;
const TITLES = [
  'M\\.',
  'Mr\\.?',
  'Mrs\\.?',
  'Ms\\.?',
  'Mme',
  'Mlle',
  'Monsieur',
  'Madame',
  'Mademoiselle',
  'Sr\\.?',
  'Sra\\.?',
  'Senhor',
  'Senyor',
  'Senyora',
  '[Cc]hauffeur',
  '[Cc]hauffeuse',
  '[Cc]onducteur',
  '[Cc]onductrice',
  '[Dd]river',
  '[Cc]onductor',
  '[Cc]onductora',
  '[Xx]ofer',
  '[Cc]ontrôleur',
  "[Jj]e m'appelle",
  '[Jj]e m’appelle',
  '[Mm]y name is',
  '[Mm]e dic',
  "[Mm]'apèli",
  '[Ee]m dic',
  '[Ss]igné',
  '[Ss]igned',
];
const NAME = "\\p{Lu}[\\p{Ll}'’]+(?:[\\s-]\\p{Lu}[\\p{Ll}'’]*\\.?)*|\\p{Lu}\\.";
const INTRODUCED_NAME = new RegExp(`((?:${TITLES.join('|')})\\s+)(?:${NAME})`, 'gu');

export function redactPersonalData(text: string): { text: string; redactions: number } {
  let n = 0;
  const cut = (re: RegExp, s: string, keepGroup = false) =>
    s.replace(re, (...args: unknown[]) => {
      n++;
      return keepGroup ? `${args[1] as string}${REDACTED}` : REDACTED;
    });
  let s = cut(EMAIL, text);
  s = cut(PHONE, s);
  s = cut(PLATE, s);
  s = cut(INTRODUCED_NAME, s, true);
  return { text: s, redactions: n };
}
