/**
 * The school page in French (8–11-year-olds): short sentences, everyday words. Same rules as the
 * report's catalogue: ordinary spaces before : ; ! ? (made no-break on load), apostrophe ’.
 */
export const schoolFr = {
  skip: 'Aller au contenu',
  languages: 'Langues',
  'page.title': 'Le car au gaz de la ligne\u00a0{line}',
  'page.intro.final': 'Du {fromDate} au {toDate}, un car pas comme les autres a transporté les voyageurs entre {from} et {to}.',
  'page.intro.interim':
    'Depuis le {fromDate}, un car pas comme les autres transporte les voyageurs entre {from} et {to}. L’essai continue !',
  'what.title': 'C’est quoi, un car au gaz ?',
  'what.art': 'Dessin d’un car vert avec 8 bouteilles de gaz sur le toit.',
  'what.text':
    'Il ressemble aux autres cars. Mais il ne roule pas au gazole : il roule au gaz naturel. Le gaz est serré très fort dans 8 grosses bouteilles, sur son toit.',
  'what.compare': 'Pour comparer, un car diesel tout pareil faisait les mêmes trajets, aux mêmes heures.',
  'far.title': 'Jusqu’où est-il allé ?',
  'far.art': 'Dessin d’une route de {from} à {to}, avec le car qui roule vers le drapeau.',
  'far.pumpArt': 'Dessin d’une pompe à gaz.',
  'far.text': 'Il a fait {trips} trajets : {km} kilomètres en tout !',
  'far.tank':
    'Avec un plein de gaz, il roule environ {km} kilomètres. Il refaisait le plein à peu près tous les {days, plural, one {jours} other {# jours}}.',
  'missing.day': 'Le {date}, le car au gaz n’a pas envoyé ses mesures : ce jour-là manque dans les totaux.',
  'co2.title': 'Et le CO₂ ?',
  'co2.what':
    'Quand un moteur brûle du gazole ou du gaz, il rejette du CO₂ (on dit « cé-o-deux ») : un gaz invisible qui réchauffe la Terre. Moins il y en a, mieux c’est.',
  'co2.art': 'Trois nuages de CO₂, plus ou moins gros : {items}.',
  'co2.cloud': '{label}, {kg} kg',
  'co2.label.diesel': 'le car diesel',
  'co2.label.mix': 'le car au gaz, avec le gaz de 2018',
  'co2.label.bio': 'le car au gaz, avec du bioGNV',
  'co2.kg': '{kg} kg de CO₂',
  'co2.mix':
    'Avec le gaz vendu en 2018, le car au gaz a rejeté {saved} kg de CO₂ de moins que le car diesel. C’est le poids de {kids, plural, one {# enfant} other {# enfants}} de {childKg} kg !',
  'co2.mix.more': 'Avec le gaz vendu en 2018, le car au gaz a rejeté {saved} kg de CO₂ de plus que le car diesel.',
  'co2.mix.same': 'Avec le gaz vendu en 2018, on n’a pas pu voir de vraie différence avec le car diesel.',
  'co2.bio':
    'Avec du bioGNV, un gaz fabriqué avec nos déchets (épluchures, fumier), il aurait rejeté {saved} kg de CO₂ de moins : le poids de {kids, plural, one {# enfant} other {# enfants}} !',
  'co2.bio.more': 'Avec du bioGNV, il aurait rejeté {saved} kg de CO₂ de plus que le car diesel.',
  'co2.bio.same': 'Avec du bioGNV, on n’a pas pu voir de vraie différence avec le car diesel.',
  'co2.unknown': 'On ne le sait pas encore : il manque des mesures.',
  'co2.exhaust':
    'Bon à savoir : au pot d’échappement, le car au gaz rejette à peu près autant de CO₂ que le diesel. La différence vient de la façon dont le gaz est fabriqué.',
  'quiet.title': 'Plus calme ?',
  'quiet.art': 'Deux haut-parleurs : celui du car au gaz fait moins de bruit.',
  'quiet.better': 'Oui ! Dans le car au gaz, le bruit était plus faible de {db} décibels. On s’entendait mieux parler.',
  'quiet.worse': 'Non : dans le car au gaz, le bruit était plus fort de {db} décibels.',
  'quiet.same': 'On n’a pas entendu de vraie différence entre les deux cars.',
  'quiet.unknown': 'On ne le sait pas encore : il manque des mesures.',
  'happy.title': 'Les voyageurs ont aimé ?',
  'happy.art': '{n} personnages sur 10 sourient.',
  'happy.text': 'Sur 10 voyageurs qui ont répondu sur la tablette, {n} ont trouvé leur trajet bien ou très bien.',
  'happy.none': 'Les voyageurs n’ont pas encore donné assez d’avis.',
  footer:
    'Ces chiffres viennent des mesures de l’essai, arrêtées le {date}. Les grands trouveront tous les détails dans le rapport complet.',
} as const;
