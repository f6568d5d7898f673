/**
 * Deterministic "mixed text" for the benchmark and the large-input tests: English clinical and
 * banking prose in which a third of the sentences carry an identifier (names, places, cards,
 * IBANs, phones, e-mails, addresses, dates), plus numbers that are not identifiers (amounts,
 * versions, times). Values come from @faker-js/faker with a fixed seed, so any length is
 * reproducible.
 * Not imported by the server.
 */
import { faker } from '@faker-js/faker';

const FILLER = [
  'The patient reported mild pain in the left knee after walking for more than twenty minutes.',
  'Please review the attached summary before the meeting on Thursday and add your comments.',
  'Blood pressure was stable and the wound is healing well without signs of infection.',
  'We recommend rest, ice and ibuprofen, with a follow-up visit in two weeks.',
  'The customer asked whether the transfer fee could be waived for the current quarter.',
  'Our team upgraded the service to version 2.4.1.7 and restarted it at 10:30 this morning.',
  'Total due is 1,250.00 EUR, payable within 30 days of the invoice date.',
  'Discharge criteria were met and the family was informed about the medication schedule.',
];

function ssn(): string {
  const area = faker.number.int({ min: 1, max: 899 });
  const a = area === 666 ? 667 : area;
  const g = faker.number.int({ min: 1, max: 99 });
  const s = faker.number.int({ min: 1, max: 9999 });
  return `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`;
}

const TEMPLATES: (() => string)[] = [
  () =>
    `Patient ${faker.person.fullName()} was admitted to ${faker.location.city()} General on ${faker.date.past().toISOString().slice(0, 10)}.`,
  () =>
    `Please call ${faker.person.firstName()} back at ${faker.phone.number({ style: 'national' })} after lunch.`,
  () => `Card on file: ${faker.finance.creditCardNumber()}, expiring next year.`,
  () => `Wire the refund to IBAN ${faker.finance.iban({ formatted: true })} as agreed.`,
  () => `Her email is ${faker.internet.email()} and she prefers written contact.`,
  () => `The SSN ${ssn()} was entered twice in the intake form.`,
  () =>
    `He lives at ${faker.location.streetAddress()}, ${faker.location.city()} ${faker.location.zipCode()}.`,
  () => `Login from IP ${faker.internet.ipv4()} was blocked by the firewall.`,
  () => `See ${faker.internet.url()} for the updated visiting hours.`,
  () => `${faker.person.fullName()} from ${faker.company.name()} signed the consent form.`,
  () => `Account number ${faker.finance.accountNumber(10)} belongs to the joint savings plan.`,
  () => `Device ${faker.internet.mac()} connected to the ward network at 07:45.`,
];

/**
 * Mixed text of at least `chars` UTF-16 code units: two filler sentences for each sentence with
 * an identifier (so a third of the sentences carry one, about 5 identifiers per KB). Identifier
 * sentences are generated afresh (faker, seeded), so values do not repeat: no cache anywhere can
 * make the benchmark look faster than real text would.
 */
export function mixedText(chars: number, seed = 1): string {
  faker.seed(seed);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const s =
      i % 3 === 2
        ? (TEMPLATES[faker.number.int(TEMPLATES.length - 1)] as () => string)()
        : (FILLER[faker.number.int(FILLER.length - 1)] as string);
    parts.push(s);
    length += s.length + 1;
    if (i % 9 === 8) {
      parts.push('\n');
      length++;
    }
  }
  return parts.join(' ');
}

/** About 2 KB of a realistic prompt: a discharge note with names, places and identifiers. */
export function prompt2kb(): string {
  return mixedText(2048, 7).slice(0, 2048);
}
