/**
 * German and French templates: Arztbriefe, lettres de liaison, bank letters and chat questions,
 * plus near-misses. Same pools and slots as ./templates-en.ts.
 */
import type { TemplatePools } from './templates.js';

export const DE: TemplatePools = {
  shared: [
    'Patient {PERSON}, geb. {DOB}, wurde am {DATE} stationär aufgenommen.',
    'Sehr geehrte {HON} {LAST},\nIhr Termin ist am {DATE} um {TIME}.\nMit freundlichen Grüßen\n{PERSON}, {JOB}',
    'Anschrift: {ADDRESS}, Telefon {PHONE}.',
    'Bitte überweisen Sie den Betrag auf das Konto {IBAN} (Inhaber: {PERSON}).',
    'Die {AGE}-jährige Patientin aus {CITY} klagt über Kopfschmerzen.',
    'Entlassung am {DATE} in die Obhut von {HON} {LAST}, {HOSPITAL}.',
    'Meine Kreditkarte {CARD} wurde gesperrt, bitte melden Sie sich unter {EMAIL}.',
    'Religion: {RELIGION}. Angehörige: {PERSON}, {PHONE}.',
    'Überweisung an {HOSPITAL} zur weiteren Abklärung, Ansprechpartner {HON} {LAST}.',
    '{PERSON} ist seit {DATE} Kundin der {BANK}.',
    'Herkunftsland: {COUNTRY}. Wohnort: {CITY}.',
    'Medikation: {DRUG} {DOSE}, {DRUG} {DOSE}.',
  ],
  tuning: [
    'Rückruf erbeten an {FIRST} {LAST} unter {PHONE}.',
    'Der Patient ({AGE} Jahre alt) wohnt in der {STREET} in {CITY}.',
    'Kontoauszug für {PERSON}, {BANK}, Stand {DATE}.',
  ],
  heldout: [
    'Vorstellung in der Notaufnahme am {DATE} um {TIME}: {PERSON}, {AGE} Jahre alt.',
    'Bitte senden Sie die Unterlagen an {ADDRESS}.',
    'Zugriff von {IP} durch {FIRST} {LAST} wurde protokolliert.',
    'Hallo {FIRST}, Ihre neue Karte {CARD} ist unterwegs.',
  ],
};

export const FR: TemplatePools = {
  shared: [
    'Patient {PERSON}, né le {DOB}, hospitalisé le {DATE} pour douleur thoracique.',
    'Bonjour {HON} {LAST},\nVotre rendez-vous est fixé au {DATE} à {TIME}.\nCordialement,\n{PERSON}, {JOB}',
    'Adresse : {ADDRESS}. Téléphone : {PHONE}.',
    'Merci de virer la somme sur le compte {IBAN} au nom de {PERSON}.',
    'Patiente de {AGE} ans, domiciliée à {CITY}, adressée par {HON} {LAST}.',
    'Sortie le {DATE}, suivi par {HON} {LAST} ({HOSPITAL}).',
    'Ma carte {CARD} a été bloquée, contactez-moi à {EMAIL}.',
    'Religion : {RELIGION}. Personne à prévenir : {PERSON}, {PHONE}.',
    '{PERSON} est cliente de la {BANK} depuis le {DATE}.',
    'Pays de naissance : {COUNTRY}. Ville : {CITY}.',
    'Traitement : {DRUG} {DOSE}, {DRUG} {DOSE}.',
  ],
  tuning: [
    'Rappeler {FIRST} {LAST} au {PHONE} avant {TIME}.',
    'Le patient, âgé de {AGE} ans, habite au {STREET} à {CITY}.',
  ],
  heldout: [
    'Consultation du {DATE} à {TIME} : {PERSON}, {AGE} ans, venu de {CITY}.',
    'Envoyez les documents à {ADDRESS}, à l’attention de {PERSON}.',
    'Connexion depuis {IP} par {FIRST} {LAST} ({EMAIL}).',
  ],
};

export const DE_NEAR_MISS: TemplatePools = {
  shared: [
    'Die Kartennummer {BAD_CARD} ist ungültig.',
    'Bestellung {ORDER}: {QTY}, Gesamtbetrag {AMOUNT}.',
    'Firmware {VERSION} wurde auf allen Geräten installiert.',
    'Die IBAN {BAD_IBAN} wurde abgelehnt.',
    'Blutdruck 130/85, Puls 80, Temperatur 38,1.',
  ],
  tuning: ['Mark und Pfennig sind längst abgeschafft.'],
  heldout: ['Morgen Visite um die Mittagszeit, Befund unauffällig.'],
};

export const FR_NEAR_MISS: TemplatePools = {
  shared: [
    'Le numéro de carte {BAD_CARD} est invalide.',
    'Commande {ORDER} : {QTY} livrées, total {AMOUNT}.',
    "L'IBAN {BAD_IBAN} a été refusé.",
    'Mise à jour {VERSION} installée sur les tablettes.',
  ],
  tuning: ['Merci pour votre retour rapide.'],
  heldout: ['Grâce à la mise à jour {VERSION}, le problème est résolu.'],
};
