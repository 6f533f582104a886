/**
 * The figures of a rendered text, as numbers, whatever the language's separators: French groups
 * thousands with U+202F (or U+00A0) and uses a decimal comma, English a comma and a point. Both
 * use U+2212 for minus (a hyphen is never a sign: "ISO 2631-1", "GNV-01").
 */
const PATTERNS = {
  fr: /[\u2212+]?\d{1,3}(?:[\u202f\u00a0]\d{3})+(?:,\d+)?|[\u2212+]?\d+(?:,\d+)?/g,
  en: /[\u2212+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\u2212+]?\d+(?:\.\d+)?/g,
} as const;

export function numbersIn(text: string, lang: 'fr' | 'en'): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(PATTERNS[lang])) {
    let s = m[0].replace(/[\u202f\u00a0]/g, '').replace('\u2212', '-');
    s = lang === 'fr' ? s.replace(',', '.') : s.replace(/,/g, '');
    out.push(Number(s));
  }
  return out;
}

/** Sorted, so that word order may differ between the languages. */
export const sortedNumbers = (text: string, lang: 'fr' | 'en'): number[] => numbersIn(text, lang).sort((a, b) => a - b);

/** The visible text of an HTML page: no style, no SVG (their text is paths), no element in another language. */
export function visibleText(html: string): string {
  return (
    html
      .replace(/<style>[\s\S]*?<\/style>/g, ' ')
      .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
      .replace(/<(td|blockquote|li|p|span)[^>]*\slang="[^"]*"[^>]*>[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/GET \/api\/\S+/g, ' ')
      // Version identifiers ("vehicles-2018.1", "0.1.0+fixture") are names, not figures.
      .replace(/[A-Za-z][\w-]*-\d+(?:\.\d+)+|\d+\.\d+\.\d+\S*/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
  );
}
