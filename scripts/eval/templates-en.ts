/**
 * English templates (used for en_US and en_GB): discharge notes, referrals, bank emails and chat
 * questions. `{SLOT}` is filled by ./fillers.ts; literal text holds no personal data. Templates
 * are in three pools: shared by both splits, tuning only, held-out only.
 */
import type { TemplatePools } from './templates.js';

export const EN: TemplatePools = {
  shared: [
    'Patient {PERSON}, DOB {DOB}, was admitted on {DATE} with chest pain.',
    'DISCHARGE SUMMARY\nName: {SURNAME_FIRST}\nDate of birth: {DOB}\nNHS number: {NHS}\nAddress: {ADDRESS}\nGP: {HON} {LAST}',
    '{HON} {PERSON} reviewed the patient at {TIME} and recommended {DRUG} {DOSE}.',
    'Please call {FIRST} back on {PHONE} about the results.',
    'Hi, my name is {PERSON} and my card {CARD} was declined yesterday.',
    'Can you transfer £200 to IBAN {IBAN}? The account holder is {PERSON}.',
    'The patient is a {AGE}-year-old {NATIONALITY} man who lives in {CITY}.',
    '{PERSON} ({EMAIL}) asked us to update the address on file to {ADDRESS}.',
    'Referral from {HOSPITAL}: {HON} {LAST} requests an MRI before {DATE}.',
    'Dear {HON} {LAST},\nYour appointment is confirmed for {DATE} at {TIME}.\nKind regards,\n{PERSON}\n{JOB}, {HOSPITAL}',
    'SSN on the claim form: {SSN}. Claimant: {PERSON}, aged {AGE}.',
    'Login attempts from {IP} for user {EMAIL} were blocked.',
    'She was born in {CITY}, {COUNTRY}, and moved here in 2010.',
    'Religion: {RELIGION}. Next of kin: {PERSON} (daughter), tel {PHONE}.',
    'Statement for {BANK} customer {PERSON}, account ending 4821.',
    'The wire to {COMPANY} was flagged by compliance on {DATE}.',
    '{FIRST} said the pain started on {DATE} after a fall at home.',
    'Mother: {PERSON}. Father: {PERSON}. Both live at {STREET}.',
    'Allergies: penicillin. Current medication: {DRUG} {DOSE}, {DRUG} {DOSE}.',
    'Please send the invoice to {EMAIL} and copy {FIRST} {LAST}.',
    'I would like to close my account. My card number is {CARD} and my phone is {PHONE}.',
    'Visit {URL} to reset your password, {FIRST}.',
    '{HON} {PERSON}, {JOB}, will lead the case review.',
    'Seen in clinic by {HON} {LAST}. {AGE} yo female, lives alone in {CITY}.',
    'Could you check whether {PERSON_LC} has paid the March invoice?',
    'Device {MAC} at {IPV6} keeps dropping off the ward network.',
    'Pt {PERSON} is a registered {POLITICS} councillor and asked for privacy.',
    'Transfer {AMOUNT} from {IBAN} to {PERSON} at {BANK}.',
  ],
  tuning: [
    'Follow-up for {PERSON} on {DATE} at {TIME} with {HON} {LAST} in {CITY}.',
    'Nurse note: {FIRST} {LAST} refused {DRUG} this morning.',
    'Hello, this is {PERSON} from {COMPANY}; my direct line is {PHONE}.',
    'The customer, a {AGE}-year-old {RELIGION} woman from {COUNTRY}, disputes the charge.',
    'Emergency contact: {PERSON}, {ADDRESS}, {PHONE}.',
    'Can {HON} {LAST} see me before {DATE}? I am {AGE} years old.',
    '{PERSON} has been a customer of {BANK} since {DATE}.',
    'Please update my email to {EMAIL}. Thanks, {FIRST}',
  ],
  heldout: [
    'Admitted via the emergency department: {PERSON}, age: {AGE}, from {CITY}, {STATE}.',
    'Our records show {HON} {PERSON} at {STREET}; is that still correct?',
    'Good morning {FIRST}, your new card {CARD} will arrive by {DATE}.',
    'Case notes ({DATE}): {PERSON_LC} called about a missed payment to {COMPANY}.',
    '{HON} {LAST} from {HOSPITAL} phoned at {TIME} regarding {PERSON}.',
    'The applicant, {PERSON}, is {NATIONALITY} and lives in {COUNTRY}; SSN {SSN}.',
    'Remote session from {IP} opened by {FIRST} {LAST} ({EMAIL}).',
    'Write to us at {ADDRESS} or call {PHONE}.',
    'Born {DOB} in {CITY}. Occupation: {JOB}. Religion: {RELIGION}.',
    'Thanks {FIRST}! I have forwarded your IBAN {IBAN} to {PERSON} in payments.',
  ],
};

/** English near-misses: personal-data shapes that are not personal data, and no other entity. */
export const EN_NEAR_MISS: TemplatePools = {
  shared: [
    'Card number {BAD_CARD} failed the checksum, please re-enter it.',
    'SSN {BAD_SSN} is not a valid number.',
    'Updated the ward tablets to firmware {VERSION} last night.',
    'Order {ORDER} contains {QTY} and costs {AMOUNT}.',
    'Will the transfer arrive before the weekend?',
    'May I increase my overdraft limit?',
    'Bill payment failed twice, can you check?',
    '{DRUG} {DOSE} was started; {DRUG} was stopped.',
    'Mark the appointment as urgent and notify the ward.',
    'Grace period for the loan ends next month.',
    'Reference {ORDER}: {QTY} delivered to the pharmacy.',
    'The IBAN {BAD_IBAN} was rejected by the bank.',
    'Blood pressure 120/80, pulse 72, temperature 37.2.',
    'Version {VERSION} fixes the login issue on tablets.',
    'Hope the new inhaler helps. Continue {DRUG} for 14 days.',
  ],
  tuning: [
    'Please pay {AMOUNT} by the end of the month.',
    'Frank discussion with the family about treatment options.',
    'Take 2 tablets every 8 hours with food.',
  ],
  heldout: [
    'Rose from bed without help; mobility improving.',
    'The build {VERSION} was deployed to 3 servers.',
    'Invoice {ORDER} for {AMOUNT} is overdue by 30 days.',
  ],
};
