/**
 * Texts of the passenger tablet: French (default), English, Occitan (Lengadocian, the local
 * variety) and Catalan, the region's languages. Each language's name is written in itself.
 */
import type { RatingFollowUp, RatingLanguage } from '../../../../libs/contract/src/feedback-constants';

export interface TabletTexts {
  languageName: string;
  question: string;
  levels: [string, string, string, string, string];
  followUps: Record<RatingFollowUp, string>;
  step: (n: number, of: number) => string;
  skip: string;
  finish: string;
  commentTitle: string;
  commentLabel: string;
  charsLeft: (n: number) => string;
  send: string;
  noComment: string;
  thanks: string;
  thanksSub: string;
  wait: string;
  waiting: (n: number) => string;
  notConfigured: string;
  chooseLanguage: string;
  answersGroup: string;
}

export const TABLET_TEXTS: Record<RatingLanguage, TabletTexts> = {
  fr: {
    languageName: 'Français',
    question: 'Comment trouvez-vous votre trajet ?',
    levels: ['Très mauvais', 'Mauvais', 'Moyen', 'Bon', 'Très bon'],
    followUps: {
      smoothness: 'La conduite est-elle douce (accélérations, freinages, virages) ?',
      temperature: 'La température à bord vous convient-elle ?',
      noise: 'Le niveau de bruit à bord vous convient-il ?',
      seat: 'Votre siège est-il confortable ?',
    },
    step: (n, of) => `Question ${n} sur ${of}`,
    skip: 'Passer',
    finish: 'Terminer',
    commentTitle: 'Un mot à ajouter ?',
    commentLabel: 'Votre commentaire (facultatif)',
    charsLeft: (n) => `${n} caractères restants`,
    send: 'Envoyer',
    noComment: 'Terminer sans commentaire',
    thanks: 'Merci !',
    thanksSub: 'Bon voyage sur la ligne 101.',
    wait: 'Un instant…',
    waiting: (n) => (n === 1 ? '1 avis en attente d’envoi' : `${n} avis en attente d’envoi`),
    notConfigured: 'Tablette non configurée',
    chooseLanguage: 'Langue',
    answersGroup: 'Votre note',
  },
  en: {
    languageName: 'English',
    question: 'How is your journey?',
    levels: ['Very bad', 'Bad', 'Average', 'Good', 'Very good'],
    followUps: {
      smoothness: 'Is the driving smooth (acceleration, braking, bends)?',
      temperature: 'Is the temperature on board right for you?',
      noise: 'Is the noise level on board acceptable?',
      seat: 'Is your seat comfortable?',
    },
    step: (n, of) => `Question ${n} of ${of}`,
    skip: 'Skip',
    finish: 'Finish',
    commentTitle: 'Anything to add?',
    commentLabel: 'Your comment (optional)',
    charsLeft: (n) => `${n} characters left`,
    send: 'Send',
    noComment: 'Finish without comment',
    thanks: 'Thank you!',
    thanksSub: 'Have a good trip on line 101.',
    wait: 'One moment…',
    waiting: (n) => (n === 1 ? '1 answer waiting to be sent' : `${n} answers waiting to be sent`),
    notConfigured: 'Tablet not configured',
    chooseLanguage: 'Language',
    answersGroup: 'Your rating',
  },
  oc: {
    languageName: 'Occitan',
    question: 'Cossí trobatz vòstre trajècte ?',
    levels: ['Plan marrit', 'Marrit', 'Mejan', 'Bon', 'Plan bon'],
    followUps: {
      smoothness: 'La conducha es doça (acceleracions, frenadas, viradas) ?',
      temperature: 'La temperatura a bòrd vos conven ?',
      noise: 'Lo nivèl de bruch a bòrd vos conven ?',
      seat: 'Vòstre sèti es confortable ?',
    },
    step: (n, of) => `Question ${n} sus ${of}`,
    skip: 'Passar',
    finish: 'Acabar',
    commentTitle: 'Un mot d’apondre ?',
    commentLabel: 'Vòstre comentari (facultatiu)',
    charsLeft: (n) => `Demòran ${n} caractèrs`,
    send: 'Mandar',
    noComment: 'Acabar sens comentari',
    thanks: 'Mercés !',
    thanksSub: 'Bon viatge sus la linha 101.',
    wait: 'Un moment…',
    waiting: (n) => `${n} avís en espèra de mandadís`,
    notConfigured: 'Tauleta pas configurada',
    chooseLanguage: 'Lenga',
    answersGroup: 'Vòstra nòta',
  },
  ca: {
    languageName: 'Català',
    question: 'Com trobeu el vostre trajecte?',
    levels: ['Molt dolent', 'Dolent', 'Regular', 'Bo', 'Molt bo'],
    followUps: {
      smoothness: 'La conducció és suau (acceleracions, frenades, revolts)?',
      temperature: 'La temperatura a bord us va bé?',
      noise: 'El nivell de soroll a bord us sembla acceptable?',
      seat: 'El vostre seient és còmode?',
    },
    step: (n, of) => `Pregunta ${n} de ${of}`,
    skip: 'Omet',
    finish: 'Acaba',
    commentTitle: 'Voleu afegir-hi alguna cosa?',
    commentLabel: 'El vostre comentari (opcional)',
    charsLeft: (n) => `Queden ${n} caràcters`,
    send: 'Envia',
    noComment: 'Acaba sense comentari',
    thanks: 'Gràcies!',
    thanksSub: 'Bon viatge a la línia 101.',
    wait: 'Un moment…',
    waiting: (n) => (n === 1 ? '1 resposta pendent d’enviar' : `${n} respostes pendents d’enviar`),
    notConfigured: 'Tauleta no configurada',
    chooseLanguage: 'Llengua',
    answersGroup: 'La vostra valoració',
  },
};
