/** FR / EN buttons (aria-pressed on the current one); `onChange` re-renders in the new language. */
import { h } from '../../lib/dom';
import { language, setLanguage, t, type Lang } from '../i18n';

export function langSwitch(onChange: () => void): HTMLElement {
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': t('header.language') },
    ...(['fr', 'en'] as Lang[]).map((l) => {
      const b = h(
        'button',
        { type: 'button', class: 'lang-btn', 'data-lang': l, lang: l, 'aria-pressed': String(language() === l) },
        l === 'fr' ? 'FR' : 'EN',
      );
      b.addEventListener('click', () => {
        setLanguage(l);
        onChange();
      });
      return b;
    }),
  );
}
