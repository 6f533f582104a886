/**
 * Content-Security-Policy of a self-contained page (the report's HTML, the school page): nothing
 * may load or run but the page's own <style> blocks, allowed by their SHA-256 (no 'unsafe-inline'),
 * and inline images (data:, SVG). Passengers' comments are in the report: even if one slipped past
 * the escaping, it could neither run nor fetch anything.
 */
import { createHash } from 'node:crypto';

export function inlineStyleCsp(html: string): string {
  const hashes = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? [...new Set(hashes)].join(' ') : "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
