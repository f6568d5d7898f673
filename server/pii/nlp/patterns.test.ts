import { describe, expect, it } from 'vitest';
import { foundOf } from './test-support/find.js';

describe('DATE_TIME', () => {
  it('finds numeric, ISO and month-name dates in English, German and French', () => {
    expect(foundOf('DATE_TIME', 'DOB 03/15/1985, admitted 2024-03-05, seen 05.03.2024.')).toEqual([
      '03/15/1985',
      '2024-03-05',
      '05.03.2024',
    ]);
    expect(foundOf('DATE_TIME', 'On March 3, 2024 and 3rd March 2024 and Mar 3rd.')).toEqual([
      'March 3, 2024',
      '3rd March 2024',
      'Mar 3rd',
    ]);
    expect(foundOf('DATE_TIME', 'Am 12. März 2024 oder le 1er janvier 2020.')).toEqual([
      '12. März 2024',
      '1er janvier 2020',
    ]);
  });

  it('finds clock times in the three languages', () => {
    expect(foundOf('DATE_TIME', 'at 10:30, 9:05 am, 7:15PM, 14:30 Uhr, 14h30, à 7h.')).toEqual([
      '10:30',
      '9:05 am',
      '7:15PM',
      '14:30 Uhr',
      '14h30',
      '7h',
    ]);
  });

  it('does not take version strings, decimals, quantities or invalid dates for dates', () => {
    expect(foundOf('DATE_TIME', 'Firmware v1.2.3.4, build 2.4.1, version 1.2.24 installed.')).toEqual([]);
    expect(foundOf('DATE_TIME', 'Temperature 37.2, BP 120/80, 12 tablets, every 8h, order 48213.')).toEqual(
      [],
    );
    expect(foundOf('DATE_TIME', 'Reference 13/13/2020 and 32.01.2020 and May I help?')).toEqual([]);
  });
});

describe('AGE', () => {
  it('finds the number in English, German and French age phrases', () => {
    expect(foundOf('AGE', 'A 42-year-old man, aged 7, Age: 63, 88 yo, 19 y/o.')).toEqual([
      '42',
      '7',
      '63',
      '88',
      '19',
    ]);
    expect(foundOf('AGE', 'Die 42-jährige Patientin, 30 Jahre alt. Âgée de 51 ans, elle a 52 ans.')).toEqual([
      '42',
      '30',
      '51',
      '52',
    ]);
  });

  it('does not take other numbers, weights or impossible ages for ages', () => {
    expect(foundOf('AGE', 'Page 42 of the form; weight 80 kg; aged 200 (typo); 3 years ago.')).toEqual([]);
    expect(foundOf('AGE', 'depuis 3 ans, toutes les 8h')).toEqual([]);
  });
});

describe('STREET_ADDRESS', () => {
  it('finds number-first addresses with a street type and a unit', () => {
    expect(foundOf('STREET_ADDRESS', 'Lives at 221B Baker Street, London.')).toEqual(['221B Baker Street']);
    expect(foundOf('STREET_ADDRESS', 'Ship to 6582 Ruth Fords Apt. 4, Springfield.')).toEqual([
      '6582 Ruth Fords Apt. 4',
    ]);
    expect(foundOf('STREET_ADDRESS', "Address: 39 St Mary's Road, Exeter.")).toEqual(["39 St Mary's Road"]);
    expect(foundOf('STREET_ADDRESS', 'Both live at 45 Williamson-Koch Terrace.')).toEqual([
      '45 Williamson-Koch Terrace',
    ]);
  });

  it('finds French, German, Italian and Spanish layouts', () => {
    expect(foundOf('STREET_ADDRESS', 'Habite au 12 rue de la Paix, Paris.')).toEqual(['12 rue de la Paix']);
    expect(foundOf('STREET_ADDRESS', 'Wohnt in der Birkenweg 57b und Straßburger Str. 900.')).toEqual([
      'Birkenweg 57b',
      'Straßburger Str. 900',
    ]);
    expect(foundOf('STREET_ADDRESS', 'Via Roma 5 o Calle Mayor 12.')).toEqual([
      'Via Roma 5',
      'Calle Mayor 12',
    ]);
  });

  it('does not take quantities or words that end like German streets for addresses', () => {
    expect(
      foundOf('STREET_ADDRESS', 'I have 2 Green apples and 3 Tablets. Bring 5 copies. During 2 weeks.'),
    ).toEqual([]);
  });
});

describe('ZIP_CODE', () => {
  it('finds US ZIP codes after a state, postcodes before a town, UK and Canadian shapes', () => {
    expect(foundOf('ZIP_CODE', 'Springfield, IL 62704-1234.')).toEqual(['62704-1234']);
    expect(foundOf('ZIP_CODE', 'Hauptstraße 5, 10115 Berlin')).toEqual(['10115']);
    expect(foundOf('ZIP_CODE', 'London NW1 6XE or Ottawa K1A 0B1.')).toEqual(['NW1 6XE', 'K1A 0B1']);
    expect(foundOf('ZIP_CODE', 'zip code 94105')).toEqual(['94105']);
  });

  it('marks the town and state that the address layout names', () => {
    expect(foundOf('LOCATION', '12 Main Street, Quorvathville, TX 75001')).toEqual(['Quorvathville', 'TX']);
    expect(foundOf('LOCATION', 'Hauptstraße 5, 10115 Quorvathdorf')).toEqual(['Quorvathdorf']);
  });

  it('does not take five-digit amounts or order numbers for ZIP codes', () => {
    expect(foundOf('ZIP_CODE', 'Order 48213 costs EUR 29402; ref 55021 in 2024.')).toEqual([]);
  });
});
