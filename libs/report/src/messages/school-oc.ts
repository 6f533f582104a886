/** The school page in Occitan (Lengadocian, classical spelling). To be read over by a native teacher. */
import type { schoolFr } from './school-fr';

export const schoolOc: Record<keyof typeof schoolFr, string> = {
  skip: 'Anar al contengut',
  languages: 'Lengas',
  'page.title': 'Lo car al gas de la linha\u00a0{line}',
  'page.intro.final': 'Del {fromDate} al {toDate}, un car pas coma los autres a menat los viatjaires entre {from} e {to}.',
  'page.intro.interim': 'Dempuèi lo {fromDate}, un car pas coma los autres mena los viatjaires entre {from} e {to}. L’ensag contunha !',
  'what.title': 'Qu’es aquò, un car al gas ?',
  'what.art': 'Dessenh d’un car verd amb 8 botelhas de gas sul teulat.',
  'what.text':
    'Sembla los autres cars. Mas rota pas al gasòil : rota al gas natural. Lo gas es sarrat fòrça fòrt dins 8 botelhas grossas, sul teulat.',
  'what.compare': 'Per comparar, un car diesel parièr fasiá los meteisses trajèctes, a las meteissas oras.',
  'far.title': 'Fins ont es anat ?',
  'far.art': 'Dessenh d’una rota de {from} a {to}, amb lo car que rota cap a la bandièra.',
  'far.pumpArt': 'Dessenh d’una pompa de gas.',
  'far.text': 'A fach {trips} trajèctes : {km} quilomètres en tot !',
  'far.tank':
    'Amb un plen de gas, rota a l’entorn de {km} quilomètres. Tornava far lo plen a pauc prèp {days, plural, one {cada jorn} other {cada # jorns}}.',
  'missing.day': 'Lo {date}, lo car al gas a pas mandat sas mesuras : aquel jorn manca dins los totals.',
  'co2.title': 'E lo CO₂ ?',
  'co2.what': 'Quand un motor brutla de gasòil o de gas, rejeta de CO₂ : un gas invisible que rescalfa la Tèrra. Mens n’i a, melhor es.',
  'co2.art': 'Tres nívols de CO₂, mai o mens grosses : {items}.',
  'co2.cloud': '{label}, {kg} kg',
  'co2.label.diesel': 'lo car diesel',
  'co2.label.mix': 'lo car al gas, amb lo gas de 2018',
  'co2.label.bio': 'lo car al gas, amb de bioGNV',
  'co2.kg': '{kg} kg de CO₂',
  'co2.mix':
    'Amb lo gas vendut en 2018, lo car al gas a rejetat {saved} kg de CO₂ de mens que lo car diesel. Es lo pes de {kids, plural, one {# enfant} other {# enfants}} de {childKg} kg !',
  'co2.mix.more': 'Amb lo gas vendut en 2018, lo car al gas a rejetat {saved} kg de CO₂ de mai que lo car diesel.',
  'co2.mix.same': 'Amb lo gas vendut en 2018, avèm pas pogut veire de vertadièra diferéncia amb lo car diesel.',
  'co2.bio':
    'Amb de bioGNV, un gas fabricat amb nòstres rebuts (pelalhas, fems), auriá rejetat {saved} kg de CO₂ de mens : lo pes de {kids, plural, one {# enfant} other {# enfants}} !',
  'co2.bio.more': 'Amb de bioGNV, auriá rejetat {saved} kg de CO₂ de mai que lo car diesel.',
  'co2.bio.same': 'Amb de bioGNV, avèm pas pogut veire de vertadièra diferéncia amb lo car diesel.',
  'co2.unknown': 'O sabèm pas encara : mancan de mesuras.',
  'co2.exhaust':
    'De saber : al tudèl d’escapament, lo car al gas rejeta a pauc prèp tant de CO₂ coma lo diesel. La diferéncia ven de la faiçon que lo gas es fabricat.',
  'quiet.title': 'Mai calme ?',
  'quiet.art': 'Dos nautparlaires : lo del car al gas fa mens de bruch.',
  'quiet.better': 'Òc ! Dins lo car al gas, lo bruch èra mai feble de {db} decibèls. S’entendiá melhor parlar.',
  'quiet.worse': 'Non : dins lo car al gas, lo bruch èra mai fòrt de {db} decibèls.',
  'quiet.same': 'Avèm pas ausit de vertadièra diferéncia entre los dos cars.',
  'quiet.unknown': 'O sabèm pas encara : mancan de mesuras.',
  'happy.title': 'Los viatjaires an aimat ?',
  'happy.art': '{n} personatges sus 10 sorrisan.',
  'happy.text': 'Sus 10 viatjaires qu’an respondut sus la tauleta, {n} an trobat lor trajècte bon o plan bon.',
  'happy.none': 'Los viatjaires an pas encara donat pro d’avises.',
  footer:
    'Aquestas chifras venon de las mesuras de l’ensag, arrestadas lo {date}. Los grands trobaràn totes los detalhs dins lo rapòrt complet.',
};
