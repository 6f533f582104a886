/** The school page in Catalan. */
import type { schoolFr } from './school-fr';

export const schoolCa: Record<keyof typeof schoolFr, string> = {
  skip: 'Vés al contingut',
  languages: 'Llengües',
  'page.title': 'L’autocar de gas de la línia\u00a0{line}',
  'page.intro.final': 'Del {fromDate} al {toDate}, un autocar diferent dels altres va portar els viatgers entre {from} i {to}.',
  'page.intro.interim': 'Des del {fromDate}, un autocar diferent dels altres porta els viatgers entre {from} i {to}. La prova continua!',
  'what.title': 'Què és un autocar de gas?',
  'what.art': 'Dibuix d’un autocar verd amb 8 bombones de gas al sostre.',
  'what.text':
    'S’assembla als altres autocars. Però no funciona amb gasoil: funciona amb gas natural. El gas està molt comprimit dins de 8 bombones grosses, al sostre.',
  'what.compare': 'Per comparar, un autocar dièsel igual feia els mateixos trajectes, a les mateixes hores.',
  'far.title': 'Fins on ha arribat?',
  'far.art': 'Dibuix d’una carretera de {from} a {to}, amb l’autocar que va cap a la bandera.',
  'far.pumpArt': 'Dibuix d’un sortidor de gas.',
  'far.text': 'Ha fet {trips} trajectes: {km} quilòmetres en total!',
  'far.tank':
    'Amb el dipòsit ple de gas, fa uns {km} quilòmetres. Tornava a omplir el dipòsit més o menys {days, plural, one {cada dia} other {cada # dies}}.',
  'missing.day': 'El {date}, l’autocar de gas no va enviar les seves mesures: aquell dia falta en els totals.',
  'co2.title': 'I el CO₂?',
  'co2.what': 'Quan un motor crema gasoil o gas, treu CO₂: un gas invisible que escalfa la Terra. Com menys n’hi ha, millor.',
  'co2.art': 'Tres núvols de CO₂, més o menys grossos: {items}.',
  'co2.cloud': '{label}, {kg} kg',
  'co2.label.diesel': 'l’autocar dièsel',
  'co2.label.mix': 'l’autocar de gas, amb el gas del 2018',
  'co2.label.bio': 'l’autocar de gas, amb bioGNV',
  'co2.kg': '{kg} kg de CO₂',
  'co2.mix':
    'Amb el gas que es venia el 2018, l’autocar de gas va treure {saved} kg de CO₂ menys que l’autocar dièsel. És el pes de {kids, plural, one {# nen} other {# nens}} de {childKg} kg!',
  'co2.mix.more': 'Amb el gas que es venia el 2018, l’autocar de gas va treure {saved} kg de CO₂ més que l’autocar dièsel.',
  'co2.mix.same': 'Amb el gas que es venia el 2018, no hem pogut veure cap diferència real amb l’autocar dièsel.',
  'co2.bio':
    'Amb bioGNV, un gas fet amb les nostres deixalles (pells de fruita, fems), n’hauria tret {saved} kg menys: el pes de {kids, plural, one {# nen} other {# nens}}!',
  'co2.bio.more': 'Amb bioGNV, n’hauria tret {saved} kg més que l’autocar dièsel.',
  'co2.bio.same': 'Amb bioGNV, no hem pogut veure cap diferència real amb l’autocar dièsel.',
  'co2.unknown': 'Encara no ho sabem: falten mesures.',
  'co2.exhaust':
    'Bo de saber: pel tub d’escapament, l’autocar de gas treu més o menys tant CO₂ com el dièsel. La diferència ve de com es fabrica el gas.',
  'quiet.title': 'Més tranquil?',
  'quiet.art': 'Dos altaveus: el de l’autocar de gas fa menys soroll.',
  'quiet.better': 'Sí! A l’autocar de gas, el soroll era {db} decibels més baix. La gent s’entenia millor.',
  'quiet.worse': 'No: a l’autocar de gas, el soroll era {db} decibels més alt.',
  'quiet.same': 'No hem sentit cap diferència real entre els dos autocars.',
  'quiet.unknown': 'Encara no ho sabem: falten mesures.',
  'happy.title': 'Als viatgers els ha agradat?',
  'happy.art': '{n} ninots de 10 somriuen.',
  'happy.text': 'De cada 10 viatgers que han respost a la tauleta, {n} han trobat el trajecte bo o molt bo.',
  'happy.none': 'Els viatgers encara no han donat prou opinions.',
  footer: 'Aquestes xifres vénen de les mesures de la prova, tancades el {date}. Els grans trobaran tots els detalls a l’informe complet.',
};
