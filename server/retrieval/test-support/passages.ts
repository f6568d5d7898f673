/**
 * A small labeled retrieval set written for Parley's tests: 50 short hospital-policy passages
 * in 10 topics, and 24 questions, each with the passages that answer it. Sixteen share words
 * with their passages (BM25's strength); eight paraphrase them without a shared content word
 * (an embedding model's), some with a word that leads BM25 to another passage. Passage ids are stable: `p<topic><n>`.
 */
export const PASSAGES: readonly { id: string; text: string }[] = [
  // Hand hygiene
  { id: 'p01', text: 'Clean your hands with alcohol rub before and after every patient contact.' },
  {
    id: 'p02',
    text: 'Wash hands with soap and water when they are visibly soiled or after caring for a patient with diarrhoea.',
  },
  {
    id: 'p03',
    text: 'Fingernails must be short and free of varnish; no rings except a plain band on clinical wards.',
  },
  { id: 'p04', text: 'Hand rub dispensers are placed at the foot of every bed and at each ward entrance.' },
  { id: 'p05', text: 'Hand hygiene compliance is audited monthly by the infection prevention team.' },
  // Fire safety
  { id: 'p11', text: 'On hearing the fire alarm, close doors and windows and wait for the fire warden.' },
  { id: 'p12', text: 'Evacuate patients horizontally to the next fire compartment before using the stairs.' },
  {
    id: 'p13',
    text: 'Never use the lifts during a fire; evacuation lifts are operated by trained staff only.',
  },
  { id: 'p14', text: 'Fire extinguishers are checked every year; report a missing extinguisher to estates.' },
  { id: 'p15', text: 'Fire drills take place twice a year on every ward, including at night.' },
  // Medication
  {
    id: 'p21',
    text: 'Two registered nurses check controlled drugs before administration and sign the register.',
  },
  {
    id: 'p22',
    text: 'Check the patient identity band against the prescription chart before giving any medicine.',
  },
  { id: 'p23', text: 'Record an omitted dose with the reason code on the medication chart.' },
  { id: 'p24', text: 'Medicines fridges are kept between two and eight degrees; log the temperature daily.' },
  { id: 'p25', text: 'Report a medication error on the incident system within twenty-four hours.' },
  // Falls
  { id: 'p31', text: 'Assess every patient over sixty-five for falls risk within six hours of admission.' },
  { id: 'p32', text: 'Keep the call bell and walking aid within reach of a patient at risk of falling.' },
  { id: 'p33', text: 'After a fall, do not move the patient until a doctor has checked for injury.' },
  { id: 'p34', text: 'Low beds and bed alarms are available from the equipment library.' },
  { id: 'p35', text: 'Non-slip socks reduce slips for patients who walk on the ward at night.' },
  // Visiting
  { id: 'p41', text: 'Visiting hours are from ten in the morning until eight in the evening.' },
  {
    id: 'p42',
    text: 'Two visitors at a time may sit at a bedside; children must be accompanied by an adult.',
  },
  {
    id: 'p43',
    text: 'Visitors with cough, fever or vomiting should stay away until they have been well for two days.',
  },
  { id: 'p44', text: 'Relatives of patients at the end of life may visit at any time, day or night.' },
  { id: 'p45', text: 'Flowers are not allowed on the intensive care unit.' },
  // Leave and HR
  { id: 'p51', text: 'Request annual leave through the rostering system at least six weeks in advance.' },
  { id: 'p52', text: 'Call your manager before your shift starts if you are sick and cannot come to work.' },
  { id: 'p53', text: 'A return to work interview follows every period of sickness absence.' },
  { id: 'p54', text: 'Overtime must be approved by the ward manager before it is worked.' },
  { id: 'p55', text: 'Payslips are available online on the last working day of each month.' },
  // IT and passwords
  { id: 'p61', text: 'Never share your password or smartcard with a colleague.' },
  { id: 'p62', text: 'Lock the computer screen whenever you leave the workstation.' },
  { id: 'p63', text: 'Reset a forgotten password through the IT service desk portal.' },
  { id: 'p64', text: 'Do not send patient information to a personal email address.' },
  { id: 'p65', text: 'Report a lost laptop or phone to the IT service desk at once.' },
  // Isolation
  { id: 'p71', text: 'Patients with suspected norovirus are nursed in a single room with the door closed.' },
  {
    id: 'p72',
    text: 'Wear gloves and an apron when entering an isolation room; remove them before leaving.',
  },
  { id: 'p73', text: 'A sign on the isolation room door tells staff which precautions to follow.' },
  { id: 'p74', text: 'Clean the isolation room with chlorine solution after the patient is discharged.' },
  { id: 'p75', text: 'MRSA screening swabs are taken from the nose and groin on admission.' },
  // Transfusion
  {
    id: 'p81',
    text: 'Check the blood unit against the patient wristband at the bedside before transfusion.',
  },
  {
    id: 'p82',
    text: 'Record temperature, pulse and blood pressure fifteen minutes after the transfusion starts.',
  },
  { id: 'p83', text: 'Stop the transfusion at once if the patient develops fever, rash or breathlessness.' },
  { id: 'p84', text: 'Blood must be transfused within four hours of leaving the blood fridge.' },
  { id: 'p85', text: 'Only staff who completed transfusion training may collect blood from the fridge.' },
  // Discharge
  { id: 'p91', text: 'Plan discharge from the day of admission and agree an expected date of discharge.' },
  { id: 'p92', text: 'Give the patient a copy of the discharge letter and explain their medicines.' },
  { id: 'p93', text: 'Arrange transport home before the morning of discharge.' },
  { id: 'p94', text: 'The discharge lounge opens at eight and patients wait there for their medicines.' },
  {
    id: 'p95',
    text: 'Refer patients who need care at home to the community team two days before discharge.',
  },
];

/** Questions and the passages that answer them (binary relevance). */
export const QUERIES: readonly {
  text: string;
  relevant: readonly string[];
  /** `words`: shares content words with its answers; `meaning`: a paraphrase that does not. */
  kind: 'words' | 'meaning';
}[] = [
  { text: 'When should I wash my hands with soap and water?', relevant: ['p02', 'p01'], kind: 'words' },
  { text: 'Can I wear rings or nail varnish on the ward?', relevant: ['p03'], kind: 'words' },
  { text: 'What do I do when the fire alarm sounds?', relevant: ['p11', 'p12'], kind: 'words' },
  { text: 'Can we use the lifts to evacuate during a fire?', relevant: ['p13', 'p12'], kind: 'words' },
  { text: 'Who checks controlled drugs before administration?', relevant: ['p21'], kind: 'words' },
  { text: 'What temperature should the medicines fridge be?', relevant: ['p24'], kind: 'words' },
  { text: 'How do I report a medication error?', relevant: ['p25'], kind: 'words' },
  { text: 'The patient has fallen: can I move them?', relevant: ['p33'], kind: 'words' },
  { text: 'When are visiting hours?', relevant: ['p41', 'p44'], kind: 'words' },
  { text: 'How many visitors can sit at a bedside?', relevant: ['p42'], kind: 'words' },
  { text: 'How do I request annual leave?', relevant: ['p51'], kind: 'words' },
  { text: 'I am sick and cannot come to work, who do I call?', relevant: ['p52', 'p53'], kind: 'words' },
  { text: 'I forgot my password', relevant: ['p63', 'p61'], kind: 'words' },
  { text: 'Which precautions apply in an isolation room?', relevant: ['p72', 'p73', 'p71'], kind: 'words' },
  {
    text: 'What to check at the bedside before a blood transfusion?',
    relevant: ['p81', 'p82'],
    kind: 'words',
  },
  { text: 'When should discharge planning start?', relevant: ['p91', 'p95'], kind: 'words' },
  // Paraphrases sharing no content word with their answers: only meaning finds them.
  { text: 'Someone smells smoke on the unit, what now?', relevant: ['p11'], kind: 'meaning' },
  { text: 'How cold must the refrigerator for drugs be?', relevant: ['p24'], kind: 'meaning' },
  {
    text: 'An elderly person was just admitted: what about tumbling hazards?',
    relevant: ['p31', 'p32'],
    kind: 'meaning',
  },
  { text: 'Can grandkids come along to see grandma?', relevant: ['p42'], kind: 'meaning' },
  { text: 'Where can I find out what I earned?', relevant: ['p55'], kind: 'meaning' },
  { text: 'Shortness of breath and hives during a blood infusion', relevant: ['p83'], kind: 'meaning' },
  { text: 'Can I forward records to my home mail account?', relevant: ['p64'], kind: 'meaning' },
  {
    text: 'A child on the ward has gastroenteritis and keeps throwing up',
    relevant: ['p71', 'p02'],
    kind: 'meaning',
  },
];
