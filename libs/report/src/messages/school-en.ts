/** The school page in English. */
import type { schoolFr } from './school-fr';

export const schoolEn: Record<keyof typeof schoolFr, string> = {
  skip: 'Skip to content',
  languages: 'Languages',
  'page.title': 'The gas coach of line\u00a0{line}',
  'page.intro.final': 'From {fromDate} to {toDate}, a coach unlike the others carried passengers between {from} and {to}.',
  'page.intro.interim':
    'Since {fromDate}, a coach unlike the others has been carrying passengers between {from} and {to}. The trial goes on!',
  'what.title': 'What is a gas coach?',
  'what.art': 'Drawing of a green coach with 8 gas bottles on its roof.',
  'what.text':
    'It looks like the other coaches. But it does not run on diesel: it runs on natural gas. The gas is squeezed very hard into 8 big bottles on its roof.',
  'what.compare': 'To compare, an identical diesel coach made the same trips at the same times.',
  'far.title': 'How far did it go?',
  'far.art': 'Drawing of a road from {from} to {to}, with the coach driving towards the flag.',
  'far.pumpArt': 'Drawing of a gas pump.',
  'far.text': 'It made {trips} trips: {km} kilometres in all!',
  'far.tank':
    'With a full tank of gas, it goes about {km} kilometres. It filled up again about {days, plural, one {every day} other {every # days}}.',
  'missing.day': 'On {date}, the gas coach did not send its measurements: that day is missing from the totals.',
  'co2.title': 'What about CO₂?',
  'co2.what': 'When an engine burns diesel or gas, it gives off CO₂: an invisible gas that warms up the Earth. The less of it, the better.',
  'co2.art': 'Three CO₂ clouds, bigger or smaller: {items}.',
  'co2.cloud': '{label}, {kg} kg',
  'co2.label.diesel': 'the diesel coach',
  'co2.label.mix': 'the gas coach, with the gas of 2018',
  'co2.label.bio': 'the gas coach, with bioGNV',
  'co2.kg': '{kg} kg of CO₂',
  'co2.mix':
    'With the gas sold in 2018, the gas coach gave off {saved} kg less CO₂ than the diesel coach. That is as heavy as {kids, plural, one {# child} other {# children}} of {childKg} kg!',
  'co2.mix.more': 'With the gas sold in 2018, the gas coach gave off {saved} kg more CO₂ than the diesel coach.',
  'co2.mix.same': 'With the gas sold in 2018, we could not see a real difference from the diesel coach.',
  'co2.bio':
    'With bioGNV, a gas made from our waste (peelings, manure), it would have given off {saved} kg less CO₂: as heavy as {kids, plural, one {# child} other {# children}}!',
  'co2.bio.more': 'With bioGNV, it would have given off {saved} kg more CO₂ than the diesel coach.',
  'co2.bio.same': 'With bioGNV, we could not see a real difference from the diesel coach.',
  'co2.unknown': 'We do not know yet: some measurements are missing.',
  'co2.exhaust':
    'Good to know: at the exhaust pipe, the gas coach gives off about as much CO₂ as the diesel one. The difference comes from how the gas is made.',
  'quiet.title': 'Quieter?',
  'quiet.art': 'Two loudspeakers: the gas coach’s one makes less noise.',
  'quiet.better': 'Yes! In the gas coach, the noise was {db} decibels lower. People could hear each other better.',
  'quiet.worse': 'No: in the gas coach, the noise was {db} decibels higher.',
  'quiet.same': 'We did not hear a real difference between the two coaches.',
  'quiet.unknown': 'We do not know yet: some measurements are missing.',
  'happy.title': 'Did the passengers like it?',
  'happy.art': '{n} figures out of 10 are smiling.',
  'happy.text': 'Out of 10 passengers who answered on the tablet, {n} found their trip good or very good.',
  'happy.none': 'The passengers have not given enough answers yet.',
  footer: 'These numbers come from the trial’s measurements, up to {date}. Grown-ups will find all the details in the full report.',
};
