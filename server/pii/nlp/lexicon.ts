/**
 * Small hand-written word lists of the contextual recognizers: honorifics, job titles,
 * organisation words, religions and political groups, and the context words that make a
 * capitalised word a person or a place. Written for this project (no outside source); the large
 * generated lists (names, cities) are in ./data. All entries are lower case.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s*\n\s*|\s*,\s*/));

/** Honorifics before a name, with or without the dot (`Dr` and `Dr.`). */
export const HONORIFICS = set(`
mr, mrs, ms, miss, mx, mstr, master, dr, doctor, prof, professor, sir, dame, lord, lady, rev, reverend,
fr, father, sr, sister, br, brother, capt, captain, sgt, lt, col, maj, gen, hon, judge, rabbi, imam, pastor,
herr, frau, fräulein, hr, fr, m, mme, mlle, monsieur, madame, mademoiselle, me, maître, pr, docteur,
professeur, doktor,
señor, señora, señorita, sra, srta, don, doña, sig, signor, signora, dott, dottore, dottoressa, mevr, dhr
`);

/** Honorifics that are also ordinary words or initials, so need a following capitalised name. */
export const WEAK_HONORIFICS = set(
  'm, me, fr, sr, br, hr, don, master, sister, brother, father, judge, doctor',
);

/**
 * Job words that end a job title ("Senior Data Officer", "Head Nurse", "Chief Executive"), in
 * English, German and French. A capitalised run ending in one of these is a TITLE.
 */
export const JOB_WORDS = set(`
nurse, doctor, surgeon, physician, consultant, registrar, resident, intern, pharmacist, midwife, therapist,
physiotherapist, paramedic, radiologist, cardiologist, oncologist, neurologist, anaesthetist,
anesthesiologist, anesthetist, paediatrician, pediatrician, psychiatrist, psychologist, dentist, matron,
practitioner, clinician, dietitian, sonographer, phlebotomist, orderly, carer, caregiver, chaplain, gp,
ceo, cfo, coo, cto, cio, ciso, cmo, cno, cmio, vp, svp, evp, president, chairman, chairwoman, chairperson,
director, manager, officer, advisor, adviser, teller, cashier, banker, analyst, clerk, secretary, treasurer,
accountant, auditor, attorney, lawyer, solicitor, counsel, partner, executive, supervisor, associate,
assistant, specialist, coordinator, administrator, engineer, technician, representative, agent,
strategist, architect, designer, developer, planner, producer, facilitator, liaison, orchestrator,
receptionist, controller, underwriter, broker, economist, trader, head, chief, lead, dean, lecturer,
oberarzt, oberärztin, chefarzt, chefärztin, assistenzarzt, assistenzärztin, arzt, ärztin, pfleger,
pflegerin, krankenschwester, hebamme, geschäftsführer, geschäftsführerin, direktor, direktorin, leiter,
leiterin, berater, beraterin, sachbearbeiter, sachbearbeiterin, vorstand, prokurist,
infirmier, infirmière, médecin, docteur, chirurgien, chirurgienne, directeur, directrice, conseiller,
conseillère, pdg, gérant, gérante, responsable, pharmacien, pharmacienne, interne, sage-femme
`);

/** Job words that are titles even alone and uncapitalised in running text (acronyms). */
export const STANDALONE_TITLES = set('ceo, cfo, coo, cto, cio, ciso, cmo, cno, cmio, vp, svp, evp, pdg');

/** Words that end an organisation name ("Mercy Hospital", "Acme Ltd", "Sparkasse"). */
export const ORG_SUFFIXES = set(`
inc, incorporated, ltd, limited, llc, llp, lp, plc, corp, corporation, co, company, companies, gmbh, ag, kg,
ohg, ug, se, sa, sarl, sas, sasu, eurl, snc, sca, scop, gie, sem, bv, nv, spa, srl, oy, ab, as, asa, aps,
group, gruppe, groupe, holding, holdings, partners, associates, bank, bancorp, hospital, hospitals,
clinic, clinics, infirmary, hospice, surgery, practice, pharmacy, pharmacies, laboratories, laboratory,
labs, health, healthcare, university, college, institute, foundation, trust, insurance, assurance, capital,
securities, investments, finance, financial, bankers, society, union, center, centre, pharmaceuticals,
pharma, medical, klinik, klinikum, kliniken, krankenhaus, praxis, sparkasse, volksbank, raiffeisenbank,
versicherung, universität, apotheke, hôpital, clinique, banque, mutuelle, pharmacie, université
`);

/**
 * Suffixes that are also ordinary capitalised words or pronouns: they end an organisation only
 * after at least one other capitalised word that is not a common word.
 */
export const WEAK_ORG_SUFFIXES = set(`
co, as, se, ab, group, union, society, center, centre, practice, surgery, health, capital, finance,
financial, trust, medical, company, partners, associates, holding, holdings, investments, securities
`);

/** Words that start an organisation name ("Bank of Scotland", "Hôpital Saint-Louis"). */
export const ORG_PREFIXES = set(`
bank, university, hôpital, clinique, klinikum, sparkasse, banque, caisse, crédit, credit, centre, center,
royal, université, universität, kreissparkasse, stadtsparkasse, institut, institute, fondation, stiftung,
volksbank, raiffeisenbank, praxis, apotheke, pharmacie, universitätsklinikum, krankenhaus, klinik, chu
`);

/** Religions and political groups for NRP (nationalities come from ./data/demonyms). */
export const NRP_WORDS = set(`
christian, christians, catholic, catholics, protestant, protestants, anglican, anglicans, baptist,
baptists, methodist, methodists, lutheran, lutherans, evangelical, evangelicals, orthodox, presbyterian,
pentecostal, adventist, mormon, mormons, quaker, quakers, muslim, muslims, moslem, islamic, sunni, shia,
shiite, jewish, jew, jews, hindu, hindus, buddhist, buddhists, sikh, sikhs, jain, jains, atheist, atheists,
agnostic, agnostics, rastafarian, taoist, zoroastrian, bahá'í, baha'i, unitarian, amish,
democrat, democrats, republican, republicans, libertarian, libertarians, socialist, socialists,
communist, communists, labour, tory, tories, conservative, conservatives, liberal, liberals, green,
greens, snp, ukip, cdu, csu, spd, fdp, afd, grüne, grünen, linke, katholisch, katholische, katholischer,
evangelisch, evangelische, evangelischer, muslimisch, muslimische, jüdisch, jüdische, jüdischer,
buddhistisch, buddhistische, catholique, protestante, musulman, musulmane, juif, juive, bouddhiste,
hindouiste, athée, socialiste, communiste, écologiste
`);

/** NRP words that are also common adjectives: only an NRP when capitalised mid-sentence or in context. */
export const WEAK_NRP_WORDS = set(`
orthodox, evangelical, liberal, liberals, conservative, conservatives, green, greens, democrat, republican,
socialist, communist, catholic, christian, agnostic
`);

/** Words that, a few tokens before a capitalised word, make it a person. */
export const PERSON_CONTEXT = set(`
patient, pt, patients, name, named, called, dear, hi, hello, hey, client, customer, member, account holder,
holder, mother, father, mum, mom, dad, wife, husband, son, daughter, sibling, spouse, partner, contact,
kin, guardian, carer, signed, sincerely, regards, attn, attention, cc, seen, referred, discharged, admitted,
visited, treated, by, with, thanks, thank, sehr, geehrte, geehrter, liebe, lieber, hallo, patientin,
kunde, kundin, bonjour, cher, chère, nom, client, cliente, madame, monsieur, née, né, geb, geborene,
doctor, nurse, surgeon, consultant, colleague, manager, advisor, adviser, applicant, employee, tenant,
beneficiary, payee, signatory, user, caller, sender, recipient, cardholder, call, ask, tell, email, phone,
inhaber, inhaberin, angehörige, angehöriger, ansprechpartner, ansprechpartnerin, prévenir, rappeler
`);

/** Words right before a capitalised word that make it a place ("lives in", "born in", "from"). */
export const PLACE_CONTEXT = set(`
in, from, to, near, at, towards, via, outside, inside, around, visiting, visit, moved, relocated,
travelled, traveled, lives, living, resident, residing, born, city, town, village, country, state, county,
province, region, address, located, aus, nach, bei, wohnhaft, wohnt, geboren, stadt, à, au, aux, en, vers,
habite, domicilié, domiciliée, résidant, résidente, ville, née, né, wohnort, herkunftsland, geburtsort,
pays, birthplace, hometown, destination, origin
`);

/** Lower-case words that may sit inside a name ("Ludwig van Beethoven", "María de la Cruz"). */
export const NAME_PARTICLES = set(`
van, von, der, den, de, del, della, di, da, das, dos, du, la, le, ter, ten, zu, bin, ibn, al, el, y, e, st
`);

/** Capitalised words that are never names on their own: pronouns, greetings and sentence starters. */
export const NON_NAMES = set(`
i, i'm, i've, i'll, i'd, the, a, an, this, that, these, those, my, our, your, his, her, their, its, we, you,
he, she, they, it, please, thanks, thank, hi, hello, hey, dear, yes, no, ok, okay, patient, name, date,
note, notes, re, subject, from, to, cc, sent, tel, fax, email, mobile, phone, address, dob, mrn, nhs, ssn,
iban, bic, swift, visa, mastercard, amex, monday, tuesday, wednesday, thursday, friday, saturday, sunday,
january, february, march, april, june, july, august, september, october, november, december,
mit, freundlichen, grüßen, der, die, das, und, bitte, danke, sehr, geehrte, geehrter, herr, frau,
bonjour, merci, madame, monsieur, cordialement, le, la, les, un, une, mon, ma, mes, votre, vos, nous,
ref, reference, account, card, order, invoice, ticket, case, room, ward, bed, floor, unit, suite, apt,
dept, department, diagnosis, medication, medications, allergies, history, plan, assessment, summary
`);

/**
 * Everyday words of hospital and bank texts in English, German and French that the generated
 * English word list lacks; capitalised (every German noun, any sentence's first word) they must
 * not pass for names. A general list, not the evaluation's wording.
 */
export const DOMAIN_WORDS = set(`
pain, emergency, department, admission, admissions, surgery, ward, wards, clinic, clinics, theatre, icu,
discharge, diagnosis, prognosis, prescription, referral, appointment, appointments, consultation, outpatient,
inpatient, triage, radiology, cardiology, oncology, pharmacy, pathology, laboratory, results, scan, mri, ct,
x-ray, ultrasound, biopsy, infusion, injection, dose, dosage, tablets, tablet, capsules, inhaler, allergies,
allergy, symptoms, fever, cough, nausea, fracture, wound, stroke, sepsis, diabetes, asthma, hypertension,
statement, balance, overdraft, mortgage, loan, loans, deposit, withdrawal, transfer, transfers, payment,
payments, invoice, invoices, refund, fee, fees, charge, charges, branch, account, accounts, savings, credit,
debit, pin, compliance, fraud, dispute, wire, cheque, check, beneficiary, sort, iban, swift,
patient, patientin, patienten, termin, termine, befund, befunde, diagnose, therapie, jahre, jahren, jahr,
inhaber, inhaberin, konto, kontos, betrag, karte, kreditkarte, überweisung, anschrift, adresse, telefon,
wohnort, herkunftsland, geburtsort, geburtsdatum, angehörige, angehöriger, medikation, medikamente,
entlassung, aufnahme, notaufnahme, station, klinik, praxis, arzt, ärztin, schmerzen, kopfschmerzen,
bauchschmerzen, brustschmerzen, blutdruck, puls, temperatur, unterlagen, zugriff, rückruf, vorstellung,
kunde, kundin, kunden, bestellung, gesamtbetrag, religion, visite, morgen, abend, stand, kontoauszug,
ansprechpartner, ansprechpartnerin, abklärung, grüßen, obhut, behandlung, untersuchung, verdacht,
allergie, allergien, beschwerden, verlauf, empfehlung, rechnung, zahlung, gebühr, gebühren, filiale,
sehr, geehrte, geehrter, liebe, lieber, bitte, danke, ihr, ihre, ihren, unser, unsere, der, die, das,
ville, pays, adresse, téléphone, personne, traitement, sortie, consultation, patiente, bonjour,
cordialement, merci, commande, rappeler, envoyez, connexion, votre, vos, mon, ma, mes, naissance,
rendez-vous, ordonnance, hospitalisation, urgences, service, chambre, douleur, douleurs, médecin,
infirmière, compte, carte, virement, paiement, facture, solde, agence, prélèvement, retrait, dossier,
suivi, examen, résultats, analyse, analyses, le, la, les, un, une, des, du, au, aux, et, ou
`);

/**
 * Given and family names that are also everyday English words. Capitalised at a sentence's
 * start they prove nothing ("Grace period", "Mark the form"); inside a sentence they still count.
 */
export const AMBIGUOUS_NAMES = set(`
will, may, mark, grace, hope, faith, joy, rose, bill, frank, art, guy, pat, sue, don, ray, jack, jean, june,
april, august, summer, autumn, winter, dawn, eve, iris, ivy, holly, lily, daisy, ruby, pearl, amber,
crystal, destiny, honey, sunny, sandy, rusty, buck, chase, chance, cliff, dale, drew, earl, gene, glen,
grant, heath, hunter, lance, mason, miles, pierce, reed, rob, rod, sterling, wade, warren, wells, young,
king, bishop, baker, brown, green, white, black, gray, grey, long, short, little, hill, hills, wood, woods,
field, fields, lake, park, ford, banks, bell, bond, bush, carter, cook, cooper, fisher, fox, gardner, hall,
hart, hunt, lane, major, marsh, miller, moon, moore, nash, page, parks, penny, price, rich, rivers, sharp,
shepherd, short, sparks, stone, storm, street, swift, temple, walker, ward, waters, west, north, south, east,
wolf, worth, case, cash, chance, christian, clay, colt, constance, felicity, forest, river, sky, star,
stormy, trinity, unity, velvet, august, precious, royal, sage, scarlet, sierra, willow, wren, harmony,
melody, journey, justice, liberty, lucky, noble, patience, prudence, honor, honour, haven, misty, paris
`);

/** Nationality adjectives that compromise's demonym list lacks (English). */
export const NATIONALITIES = set(`
british, english, scottish, welsh, irish, northern irish, american, canadian, mexican, brazilian, argentinian,
argentine, chilean, colombian, peruvian, venezuelan, cuban, jamaican, haitian, dominican, puerto rican,
german, austrian, swiss, french, belgian, dutch, luxembourgish, danish, swedish, norwegian, finnish,
icelandic, polish, czech, slovak, hungarian, romanian, bulgarian, greek, turkish, cypriot, italian,
spanish, portuguese, maltese, croatian, serbian, bosnian, slovenian, albanian, macedonian, ukrainian,
russian, belarusian, lithuanian, latvian, estonian, moldovan, georgian, armenian, azerbaijani, kazakh,
uzbek, afghan, pakistani, indian, bangladeshi, sri lankan, nepalese, nepali, chinese, japanese, korean,
vietnamese, thai, filipino, filipina, indonesian, malaysian, singaporean, burmese, cambodian, australian,
new zealander, nigerian, ghanaian, kenyan, ethiopian, eritrean, somali, sudanese, egyptian, moroccan,
algerian, tunisian, libyan, south african, zimbabwean, zambian, ugandan, tanzanian, congolese,
cameroonian, senegalese, ivorian, iranian, iraqi, syrian, lebanese, jordanian, palestinian, israeli,
saudi, emirati, yemeni, kurdish, roma, romani
`);
